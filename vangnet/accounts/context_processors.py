from vangnet.accounts.twofactor import demo_without_2fa


def vangnet(request):
    return {"demo_without_2fa": demo_without_2fa()}
