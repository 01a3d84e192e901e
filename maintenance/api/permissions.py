"""Who may call what: contractors their own things, the met bureau the weather push, staff read everything."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from maintenance.api.authentication import ApiClient


def contractor_id_of(request) -> int | None:
    user = request.user
    return user.contractor_id if isinstance(user, ApiClient) else None


class IsContractorOrStaffReadOnly(BasePermission):
    """A contractor's token for everything; bureau staff (session) may read."""

    def has_permission(self, request, view) -> bool:
        if contractor_id_of(request) is not None:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and request.method in SAFE_METHODS)


class IsContractor(BasePermission):
    """Only a contractor's token: the action is the contractor's to take."""

    def has_permission(self, request, view) -> bool:
        return contractor_id_of(request) is not None


class IsMetBureau(BasePermission):
    """Only the met bureau's token may push warnings."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, ApiClient) and request.user.is_met_bureau
