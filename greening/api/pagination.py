"""Cursor pagination: pages stay stable while new orders arrive (no offsets that shift)."""

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
