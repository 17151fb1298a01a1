"""claimcheck: find numbers in prose that cannot all be true."""
__version__ = "0.1.0"
