"""The REST API's shared pieces: one router, one error shape, pagination, throttling, schema."""
