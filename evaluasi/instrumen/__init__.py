"""Instruments: the shipped ones, their spreadsheet form, writes, reads, pages and the
index simulator."""
