"""Build profiles: everything brand-specific, as data. Nothing outside this
table may name a brand. build.py reads it; the generated entry modules hand the
selected profile to the core at run time."""

PROFILES = {
    'pilot-status': {
        'id': 'pilot-status',
        'globalName': 'PilotStatus',
        'frameGlobalName': 'PilotStatusFrame',          # the frame kit's script-tag global
        'packageName': '@pilot-status/embed',
        'source': 'pilot-status-embed',               # envelope `source` tag
        'defaultBaseUrl': 'https://chat.pilotstatus.com.br',
        'defaultApiBase': 'https://chat.pilotstatus.com.br',   # headless client's REST + WebSocket host
        # Frame URL: {base} is baseUrl without a trailing slash; {origin} is the
        # URL-encoded parent origin; {inboxId} the encoded option of that name.
        'frameUrl': '{base}/?parentOrigin={origin}',
        'frameTitle': 'Pilot Status chat',
        'connectTitle': 'Pilot Status: connect a WhatsApp number',
        'requiresToken': True,                        # token or getToken is required
        'requiredOptions': [],
        # Packaging
        'version': None,                              # None: package.json's version
        'outDir': 'dist',                             # the repo root is this package
        'mainEntry': '.',                             # export path of the iframe SDK
        'reactHook': 'usePilotStatus',
        'headlessProvider': 'PilotStatusProvider',
        'headlessHook': 'useChat',
        'constants': False,                           # SDK_VERSION / DEFAULT_* exports
    },
    # The Masheev-compatible package (../shared/spec/masheev-embed-sdk.txt).
    'masheev': {
        'id': 'masheev',
        'globalName': 'Masheev',
        'frameGlobalName': 'MasheevFrame',
        'packageName': '@masheev/embed-sdk',
        'source': 'masheev-embed',
        'defaultBaseUrl': 'https://iframe.masheev.com',
        'defaultApiBase': 'https://api.masheev.com',
        'frameUrl': '{base}/widget/{inboxId}?parentOrigin={origin}',
        'frameTitle': 'Masheev chat',
        'connectTitle': 'Masheev: connect a WhatsApp number',
        'requiresToken': False,                       # the widget session is created by the frame
        'requiredOptions': ['inboxId'],
        'version': '0.2.0',
        'outDir': 'dist-masheev',                     # a complete package folder of its own
        'mainEntry': './js',
        'reactHook': 'useMasheev',
        'headlessProvider': 'MasheevProvider',
        'headlessHook': 'useMasheev',
        'constants': True,
    },
}

DEFAULT_PROFILE = 'pilot-status'


def runtime_profile(profile_id, version):
    """The subset of a profile the core reads at run time (goes into the bundle)."""
    source = PROFILES[profile_id]
    keys = ['id', 'globalName', 'source', 'defaultBaseUrl', 'defaultApiBase', 'frameUrl', 'frameTitle', 'connectTitle',
            'requiresToken', 'requiredOptions']
    result = {}
    for key in keys:
        result[key] = source[key]
    result['version'] = version
    return result
