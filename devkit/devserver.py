"""Run the development server: the frame/API origin and the host (playground)
origin on two loopback ports, so host page and frame are distinct origins.

    python -m devkit.devserver                 # http://127.0.0.1:8000 (host), :8001 (frame)
    python -m devkit.devserver --db dev.sqlite3 --host-port 9000 --frame-port 9001
    python -m devkit.devserver --profile masheev   # the Masheev build at /embed.js, /frame.js, ...
    python -m devkit.devserver --pages my-pages    # my-pages/chat.html at http://127.0.0.1:8000/t/chat.html

The README's examples use the default ports (8000 host, 8001 frame): save one
as an .html file in a folder, start the server with `--pages <folder>` and open
it at /t/<file>.

Loopback only: binding other interfaces is refused.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import sys
from pathlib import Path

import uvicorn

from devkit.pages import create_frame_app, create_host_app, pages_dir_from_env
from devkit.settings import Settings
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Pilot Status embed SDK development server (loopback only).')
    parser.add_argument('--bind', default='127.0.0.1', help='loopback address to bind (default 127.0.0.1)')
    parser.add_argument('--host-port', type=int, default=8000, help='port of the host page / playground origin')
    parser.add_argument('--frame-port', type=int, default=8001, help='port of the chat frame + API origin')
    parser.add_argument('--db', default=None, help='SQLite file, or :memory: (default; or DEVKIT_DB_PATH)')
    parser.add_argument('--token-ttl', type=int, default=None, help='chat token lifetime in seconds (default 900)')
    parser.add_argument('--profile', choices=sorted(PROFILES), default=DEFAULT_PROFILE,
                        help='build served at /embed.js, /frame.js, ... (default %(default)s; every build is also '
                             'at /kit/<profile>/...)')
    parser.add_argument('--bot-delay', type=float, default=None, help='seconds between streamed reply chunks')
    parser.add_argument('--pages', default=None, metavar='DIR',
                        help='serve the .html/.js files of DIR at <host origin>/t/<name> (your own test pages, e.g. '
                             "the README's examples; default: DEVKIT_HOST_PAGES_DIR)")
    return parser.parse_args(argv)


def build_apps(args: argparse.Namespace):
    address = ipaddress.ip_address(args.bind)
    if not address.is_loopback:
        raise SystemExit('--bind must be a loopback address (127.0.0.0/8 or ::1); got ' + args.bind)
    host = '[%s]' % args.bind if address.version == 6 else args.bind
    host_origin = 'http://%s:%d' % (host, args.host_port)
    frame_origin = 'http://%s:%d' % (host, args.frame_port)
    # Command-line flags win; otherwise DEVKIT_* variables (Settings.from_env) apply.
    overrides = {'frame_base_url': frame_origin, 'host_origins': (host_origin,)}
    if args.db is not None:
        overrides['db_path'] = args.db
    if args.token_ttl is not None:
        overrides['token_ttl_seconds'] = args.token_ttl
    if args.bot_delay is not None:
        overrides['bot_chunk_delay_seconds'] = args.bot_delay
    settings = Settings.from_env(**overrides)
    frame_app = create_frame_app(settings, profile_id=args.profile)
    pages_dir = Path(args.pages) if args.pages else pages_dir_from_env()
    if pages_dir is not None and not pages_dir.is_dir():
        raise SystemExit('--pages: %s is not a directory' % pages_dir)
    host_app = create_host_app(settings, api_base=frame_origin, profile_id=args.profile, pages_dir=pages_dir)
    host_app.state.pages_dir = pages_dir
    return settings, host_origin, frame_origin, host_app, frame_app


async def serve(args: argparse.Namespace) -> None:
    settings, host_origin, frame_origin, host_app, frame_app = build_apps(args)
    servers = [
        uvicorn.Server(uvicorn.Config(host_app, host=args.bind, port=args.host_port, log_level='warning')),
        uvicorn.Server(uvicorn.Config(frame_app, host=args.bind, port=args.frame_port, log_level='warning',
                                      ws='websockets-sansio')),
    ]
    print('host page / playground: ' + host_origin + '/', flush=True)
    print('chat frame + API:       ' + frame_origin + '/', flush=True)
    print('build served:           ' + args.profile + ' (every build: /kit/<profile>/...)', flush=True)
    if host_app.state.pages_dir is not None:
        print('your pages:             %s/t/<name> (from %s)' % (host_origin, host_app.state.pages_dir), flush=True)
    await asyncio.gather(*(server.serve() for server in servers))


def main(argv: list[str] | None = None) -> int:
    try:
        asyncio.run(serve(parse_args(argv)))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
