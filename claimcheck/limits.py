"""The default limits of a run (no imports: the command line reads them at start-up)."""

MAX_BYTES = 20_000_000        # bytes per document (--max-bytes)
MAX_NUMBERS = 10_000          # numbers written with digits per document (--max-numbers)
MAX_CLAIMS = 5_000_000        # claims per run (--max-claims)
