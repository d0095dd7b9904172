"""Bearer-token authentication for the API."""

from ninja.security import HttpBearer

from vangnet.accounts.actions import authenticate_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is None:
            return None
        request.user = user
        return user
