"""Backend of the development server: tenant API, widget REST API, conversation WebSocket.

    from devkit import Settings, create_api_app
    app = create_api_app(Settings())          # a Starlette app, mountable as is
    app.state.devkit.live_allowed_origins()   # for CSP frame-ancestors on the chat page

Modules: settings (every knob), store (SQLite), tokens (chat JWT, widget session
tokens), origins (allowedOrigins validation), contact (field sanitising), bot
(deterministic replies), hub (per-conversation WebSockets), api (routes).
"""
from .api import Devkit, create_api_app, live_allowed_origins
from .settings import Settings
from .store import Store

__all__ = ['Devkit', 'Settings', 'Store', 'create_api_app', 'live_allowed_origins']
