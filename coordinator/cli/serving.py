"""Serving the web application with gunicorn (a production WSGI server) from the CLI."""
from __future__ import annotations

from typing import Any

__all__ = ["serve_with_gunicorn"]


def serve_with_gunicorn(app: Any, host: str, port: int, workers: int, threads: int) -> None:
    """Run ``app`` under gunicorn in this process until interrupted."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 5)

        def load(self) -> Any:
            return app

    _Server().run()
