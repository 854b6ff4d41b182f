"""The English pages live under /en/ (German unprefixed): a client that reads them, as the header's link leads."""

from django.test import Client


class EnglishClient(Client):
    """Every path this client asks for is asked for under /en/ (paths from reverse() are the German ones)."""

    def generic(self, method, path, *args, **kwargs):
        if path.startswith("/") and not path.startswith("/en/"):
            path = "/en" + path
        return super().generic(method, path, *args, **kwargs)


def english_client(user=None) -> EnglishClient:
    client = EnglishClient()
    if user is not None:
        client.force_login(user)
    return client
