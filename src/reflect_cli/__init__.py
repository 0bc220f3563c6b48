"""reflect: a private reflective-practice journal for health workers."""

__version__ = "0.1.0"
