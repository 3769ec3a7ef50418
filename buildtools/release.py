"""Releasable artifacts of a build: versioned copies of the script-tag files, a
manifest with their SHA-384 integrity values, and the script tags in README.md
that pin a version.

- `dist/<version>/` holds byte-identical copies of every script-tag file
  (embed.js, connect.js, frame.js) and its source map. A URL with the version in
  its path never changes meaning, so a page can pin it with Subresource
  Integrity; the source-map comment is relative and still resolves there.
- `dist/manifest.json` lists every file of dist/ (the copies included) with its
  size and `sha384-<base64>` integrity value, sorted, no timestamps: the same
  sources give the same bytes.
- README.md's script tags with an `integrity` attribute name a versioned URL;
  `refresh_script_tags` rewrites their version and hash from the manifest
  (`python build.py --readme`), and tests/test_release.py fails when they are stale.

Pure functions over paths and text (build.py and the dev server call them).
"""
import base64
import hashlib
import json
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The files a page loads with a <script> tag; each also gets a versioned copy.
SCRIPT_FILES = ('embed.js', 'connect.js', 'frame.js')
MANIFEST = 'manifest.json'
VERSION_PATTERN = r'\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?'


class ReleaseError(Exception):
    pass


def package_version(profile):
    """A profile's package version: its own, or the root package.json's (the default package)."""
    if profile['version']:
        return profile['version']
    with open(os.path.join(ROOT, 'package.json')) as f:
        return json.load(f)['version']


def package_dir(profile):
    """The folder `npm pack` publishes, relative to the repo root. A profile with an
    outDir of its own is that folder; the default profile builds into the root's
    dist/ (whose package.json and README.md are the contributors'), so its package
    is assembled in dist-<profile id>/."""
    return 'dist-' + profile['id'] if profile['outDir'] == 'dist' else profile['outDir']


def dist_dir(profile):
    """Where a profile's built files are (what the dev server serves)."""
    return os.path.join(ROOT, profile['outDir'] if profile['outDir'] == 'dist' else os.path.join(profile['outDir'],
                                                                                                  'dist'))


def integrity(data):
    """The Subresource Integrity value of some bytes (SHA-384, the algorithm browsers and CDNs use)."""
    return 'sha384-' + base64.b64encode(hashlib.sha384(data).digest()).decode('ascii')


def versioned_files(dist_dir):
    """The script-tag files of a dist/ and their source maps, as found there."""
    names = []
    for name in SCRIPT_FILES:
        if not os.path.isfile(os.path.join(dist_dir, name)):
            raise ReleaseError('%s has no %s to copy into the versioned folder' % (dist_dir, name))
        names.append(name)
        if os.path.isfile(os.path.join(dist_dir, name + '.map')):
            names.append(name + '.map')
    return names


def write_versioned_copies(dist_dir, version):
    if not re.fullmatch(VERSION_PATTERN, version):
        raise ReleaseError('version %r is not x.y.z[-pre]: it becomes a URL path segment' % version)
    folder = os.path.join(dist_dir, version)
    os.makedirs(folder)
    for name in versioned_files(dist_dir):
        shutil.copyfile(os.path.join(dist_dir, name), os.path.join(folder, name))


def write_manifest(dist_dir, package_name, version):
    """dist/manifest.json: every file under dist_dir with bytes and integrity (itself excluded)."""
    files = {}
    for folder, dirs, names in os.walk(dist_dir):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, dist_dir).replace(os.sep, '/')
            if relative == MANIFEST:
                continue
            with open(path, 'rb') as f:
                data = f.read()
            files[relative] = {'bytes': len(data), 'integrity': integrity(data)}
    scripts = {}
    for name in SCRIPT_FILES:
        entry = files[version + '/' + name]
        if files[name] != entry:
            raise ReleaseError('%s/%s differs from %s' % (version, name, name))
        scripts[name] = {'path': version + '/' + name, **entry}
    manifest = {
        'name': package_name,
        'version': version,
        # The script-tag files: `path` (the versioned URL path, relative to dist/) and
        # the unversioned file have these bytes; pin `path` with `integrity`.
        'scripts': scripts,
        'files': dict(sorted(files.items())),
    }
    with open(os.path.join(dist_dir, MANIFEST), 'w') as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write('\n')
    return manifest


def read_manifest(dist_dir):
    path = os.path.join(dist_dir, MANIFEST)
    if not os.path.isfile(path):
        raise ReleaseError('%s is missing: run `python build.py --all` (make build does)' % path)
    with open(path) as f:
        return json.load(f)


def script_tag(url, integrity_value, indent=''):
    """The script tag a page pins a release with (the shape README.md and the package READMEs show)."""
    return ('<script src="%s"\n%s        integrity="%s"\n%s        crossorigin="anonymous"></script>'
            % (url, indent, integrity_value, indent))


# A <script src="..." integrity="..."> in Markdown/HTML; the URL's last two segments
# are <version>/<file> (a CDN folder) or the URL is <package>@<version>/dist/<file> (npm CDNs).
SCRIPT_TAG = re.compile(r'<script\b[^>]*?\bsrc="(?P<url>[^"]+)"(?P<between>[^>]*?)\bintegrity="(?P<hash>[^"]*)"')
FOLDER_URL = re.compile(r'^(?P<base>.*/)(?P<version>' + VERSION_PATTERN + r')/(?P<file>[\w.-]+)$')
PACKAGE_URL = re.compile(r'^(?P<base>.*?/)(?P<package>(?:@[\w.-]+/)?[\w.-]+)@(?P<version>' + VERSION_PATTERN
                         + r')/dist/(?P<file>[\w.-]+)$')


def pinned_scripts(text):
    """Every script tag with an integrity attribute: (match, url parts) in order."""
    found = []
    for match in SCRIPT_TAG.finditer(text):
        url = match.group('url')
        parts = PACKAGE_URL.match(url) or FOLDER_URL.match(url)
        found.append((match, parts))
    return found


def tag_profile(url_parts, profiles, default_profile):
    """Which build a pinned URL loads: `<package>@<version>` names it; the dev
    server's `/kit/<profile>/` names it; any other folder URL is the default build's."""
    groups = url_parts.groupdict()
    if groups.get('package'):
        for profile_id, profile in profiles.items():
            if profile['packageName'] == groups['package']:
                return profile_id
        return None
    kit = re.search(r'/kit/([\w-]+)/$', groups['base'])
    if kit:
        return kit.group(1) if kit.group(1) in profiles else None
    return default_profile


def refresh_script_tags(text, profile_id, manifest, profiles, default_profile):
    """`text` with every pinned script tag of `profile_id` pointing at the manifest's
    version and carrying its integrity value. Raises ReleaseError for a pinned tag
    whose URL has no version or names a file that is not a script of the release."""
    out = []
    last = 0
    for match, parts in pinned_scripts(text):
        if parts is None:
            raise ReleaseError('a script tag with integrity but no version in its URL: ' + match.group('url'))
        if tag_profile(parts, profiles, default_profile) != profile_id:
            continue
        name = parts.group('file')
        if name not in manifest['scripts']:
            raise ReleaseError('%s is not a script-tag file of the release (%s)' % (match.group('url'),
                                                                                      ', '.join(SCRIPT_FILES)))
        url = match.group('url')
        start, end = parts.span('version')
        url = url[:start] + manifest['version'] + url[end:]
        out.append(text[last:match.start()])
        out.append(match.group(0).replace(match.group('url'), url, 1).replace(
            'integrity="%s"' % match.group('hash'), 'integrity="%s"' % manifest['scripts'][name]['integrity'], 1))
        last = match.end()
    out.append(text[last:])
    return ''.join(out)
