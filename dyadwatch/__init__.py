"""dyadwatch: news articles in, a dated, sourced record of who did what to whom out."""

__version__ = "0.1.0"
