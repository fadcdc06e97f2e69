"""Staff accounts: sign-in, second factors (passkeys, authenticator apps, recovery
codes), and throttling that an outsider cannot turn into a lockout."""
