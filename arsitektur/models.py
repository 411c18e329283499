# Models of this app arrive with their issue; the app exists so URLs and menus are stable.
