"""Gzip for pages, not for files: offline intranets on slow links get HTML compressed.

Django's GZipMiddleware would also gzip a streamed response (FileResponse, a streamed export)
chunk by chunk. Those are downloads: PDF, ZIP, XLSX and images are compressed already, gzip
would only spend CPU, drop the Content-Length (no progress bar) and break range requests.
So streamed responses and attachments pass through untouched; everything else gets Django's
middleware, with its BREACH mitigation (random filename padding in every gzip header).
"""

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware


class GZipHalamanMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.streaming or response.has_header("Content-Disposition"):
            return response
        return super().process_response(request, response)
