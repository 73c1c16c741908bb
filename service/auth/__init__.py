"""Who is asking: passwords, API tokens, browser sessions, CSRF tokens, roles and login throttling."""
