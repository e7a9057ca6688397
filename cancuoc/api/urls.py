from django.urls import include, path

from cancuoc.api.errors import json_method_not_allowed
from cancuoc.api.v1 import api

v1_patterns, v1_app, v1_namespace = api.urls
for pattern in v1_patterns:
    pattern.callback = json_method_not_allowed(pattern.callback)

urlpatterns = [
    path("v1/", include((v1_patterns, v1_app), namespace=v1_namespace)),
]
