/// A python3 script that builds small real images (docker archives, OCI layouts and archives)
/// with whiteouts, links and correct sha256 digests: `python3 - OUT MODE`.
let imageFixtureScript = #"""
import tarfile, io, json, hashlib, gzip, os, sys, subprocess
out, mode = sys.argv[1], sys.argv[2]

def tar(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as t:
        for name, kind, payload in entries:
            ti = tarfile.TarInfo(name); ti.mode = 0o644; ti.mtime = 0
            if kind == 'f':
                ti.size = len(payload); t.addfile(ti, io.BytesIO(payload))
            elif kind == 'x':
                ti.mode = 0o755; ti.size = len(payload); t.addfile(ti, io.BytesIO(payload))
            elif kind == 'd':
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == 'l':
                ti.type = tarfile.SYMTYPE; ti.linkname = payload; t.addfile(ti)
            elif kind == 'h':
                ti.type = tarfile.LNKTYPE; ti.linkname = payload; t.addfile(ti)
    return buf.getvalue()

def sha(b): return 'sha256:' + hashlib.sha256(b).hexdigest()
def hx(b): return hashlib.sha256(b).hexdigest()

DP = 'usr/lib/python3/dist-packages/'
L1 = tar([('etc', 'd', None), ('etc/os-release', 'f', b'ID=debian\nVERSION_ID="12"\n'), ('etc/motd', 'f', b'hi\n'),
          ('var/lib/dpkg', 'd', None), ('var/lib/dpkg/status', 'f', b'Package: a\nVersion: 1\n'),
          (DP + 'Jinja2-2.10.dist-info/METADATA', 'f', b'Name: Jinja2\n'), (DP + 'jinja2/__init__.py', 'f', b'x'),
          (DP + 'requests-2.19.1.dist-info/METADATA', 'f', b'Name: requests\n'),
          ('opq/old', 'f', b'old'), ('bin/big', 'f', b'x' * 100), ('root/.aws/credentials', 'f', b'secret'),
          ('usr/local/bin/tool', 'x', b'\x7fELF' + bytes(range(256)) * 40), ('usr/local/bin/run.sh', 'x', b'#!/bin/sh\n' + b'#' * 9000),
          ('usr/local/bin/tiny', 'x', b'\x7fELF' + b'\0' * 100),
          ('usr/local/bin/big-tool', 'x', b'\x7fELF' + bytes(range(256)) * 400), ('usr/local/bin/big-script', 'x', b'#!/bin/sh\n' * 10000),
          ('var/lib/dpkg/info/big.list', 'f', b'/usr/share/doc/big\n' * 5000)])
L2 = tar([('etc/.wh.motd', 'f', b''), (DP + '.wh.Jinja2-2.10.dist-info', 'f', b''), (DP + '.wh.jinja2', 'f', b''),
          ('root/.wh..aws', 'f', b''), ('opq/.wh..wh..opq', 'f', b''), ('opq/new', 'f', b'new'),
          ('etc/debian_version', 'f', b'12.5\n'), ('etc/loop', 'l', 'loop'), ('etc/ping', 'l', 'pong'), ('etc/pong', 'l', 'ping'),
          ('etc/escape', 'l', '../../../../../../etc/passwd'), ('etc/abs', 'l', '/etc/os-release'),
          ('etc/rel', 'l', '../usr/lib/python3/dist-packages/requests-2.19.1.dist-info/METADATA'),
          ('etc/lsb-release', 'h', 'etc/os-release'), ('usr/lib/os-release', 'l', '../../etc/os-release')])
L2gz = gzip.compress(L2, mtime=0)
if mode == 'oci-dir-zstd':
    L2gz = subprocess.run(['zstd', '-q', '-c', '-19'], input=L2, stdout=subprocess.PIPE, check=True).stdout

def config(layers, arch='amd64'):
    return json.dumps({'os': 'linux', 'architecture': arch,
                       'config': {'User': 'app', 'Env': ['PATH=/bin', 'TOKEN=x']},
                       'rootfs': {'type': 'layers', 'diff_ids': [sha(l) for l in layers]},
                       'history': [{'created_by': 'L%d' % (i + 1)} for i in range(len(layers))]}).encode()

def write_tar(path, files):
    with tarfile.open(path, 'w') as t:
        for name, data in files:
            ti = tarfile.TarInfo(name); ti.mtime = 0
            if isinstance(data, str):
                ti.type = tarfile.SYMTYPE; ti.linkname = data; t.addfile(ti)
            else:
                ti.size = len(data); t.addfile(ti, io.BytesIO(data))

if mode in ('docker', 'docker-blobs', 'traversal', 'docker-gz', 'docker-dup'):
    cfg = config([L1, L2])
    if mode == 'docker-blobs':
        files = [('blobs/sha256/' + hx(cfg), cfg), ('blobs/sha256/' + hx(L1), L1), ('blobs/sha256/' + hx(L2gz), L2gz)]
        man = [{'Config': 'blobs/sha256/' + hx(cfg), 'RepoTags': ['demo:1'],
                'Layers': ['blobs/sha256/' + hx(L1), 'blobs/sha256/' + hx(L2gz)]}]
    else:
        files = [(hx(cfg) + '.json', cfg), ('aaa/layer.tar', L1), ('bbb/layer.tar', L2gz)]
        man = [{'Config': hx(cfg) + '.json', 'RepoTags': ['demo:1'], 'Layers': ['aaa/layer.tar', 'bbb/layer.tar']}]
        if mode == 'docker-dup':
            # Old docker save: a repeated layer is a symlink to the first copy.
            files.append(('ccc/layer.tar', '../aaa/layer.tar'))
            man[0]['Layers'] = ['aaa/layer.tar', 'bbb/layer.tar', 'ccc/layer.tar']
            cfg = config([L1, L2, L1])
            files[0] = (hx(cfg) + '.json', cfg)
            man[0]['Config'] = hx(cfg) + '.json'
        if mode == 'traversal':
            man[0]['Layers'] = ['../x']
    files = [('manifest.json', json.dumps(man).encode())] + files
    write_tar(out, files)
    if mode == 'docker-gz':
        data = open(out, 'rb').read()
        open(out, 'wb').write(gzip.compress(data, mtime=0))
else:
    blobs = {}
    def put(b):
        blobs[hx(b)] = b
        return b
    cfg = put(config([L1, L2])); put(L1); put(L2gz)
    cfg_arm = put(config([L1], 'arm64'))
    def manifest(c, layers):
        return put(json.dumps({'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
            'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': sha(c), 'size': len(c)},
            'layers': [{'mediaType': mt, 'digest': sha(l), 'size': len(l)} for mt, l in layers]}).encode())
    l2type = 'application/vnd.oci.image.layer.v1.tar+' + ('zstd' if mode == 'oci-dir-zstd' else 'gzip')
    m_amd = manifest(cfg, [('application/vnd.oci.image.layer.v1.tar', L1), (l2type, L2gz)])
    m_arm = manifest(cfg_arm, [('application/vnd.oci.image.layer.v1.tar', L1)])
    nested = put(json.dumps({'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json', 'manifests': [
        {'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': sha(m_arm), 'size': len(m_arm),
         'platform': {'os': 'linux', 'architecture': 'arm64'}},
        {'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': sha(m_amd), 'size': len(m_amd),
         'platform': {'os': 'linux', 'architecture': 'amd64'}}]}).encode())
    index = json.dumps({'schemaVersion': 2, 'manifests': [
        {'mediaType': 'application/vnd.oci.image.index.v1+json', 'digest': sha(nested), 'size': len(nested),
         'annotations': {'io.containerd.image.name': 'docker.io/library/demo:1', 'org.opencontainers.image.ref.name': '1'}}]}).encode()
    if mode == 'bad-manifest':
        blobs[hx(m_amd)] = m_amd + b' '
    if mode == 'bad-layer':
        blobs[hx(L2gz)] = gzip.compress(L2 + b'\0' * 512, mtime=0)
    files = [('oci-layout', b'{"imageLayoutVersion":"1.0.0"}'), ('index.json', index)] + \
            [('blobs/sha256/' + k, v) for k, v in blobs.items()]
    if mode == 'oci-tar':
        write_tar(out, files)
    else:
        for name, data in files:
            p = os.path.join(out, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, 'wb').write(data)
"""#
