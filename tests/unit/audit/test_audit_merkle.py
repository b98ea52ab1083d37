"""RFC 6962 Merkle trees against the Certificate Transparency test vectors (transparency-dev/merkle,
``proof/verify_test.go``), plus exhaustive round trips of proofs on small trees."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.audit import merkle
from phigate.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)
from phigate.errors import AuditIntegrityError

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657")] + [
    bytes.fromhex("606162636465666768696a6b6c6d6e6f")
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
HASHES = [leaf_hash(leaf) for leaf in LEAVES]


def h(text: str) -> bytes:
    return bytes.fromhex(text)


# (leaf index, tree size, proof) — the vectors' leaf numbers are 1-based; these are 0-based.
INCLUSION_VECTORS = [
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (0, 1, []),
]

# (size1, size2, proof)
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]

SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")


def test_hash_domains_are_separated():
    assert leaf_hash(b"ab") == hashlib.sha256(b"\x00ab").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert leaf_hash(b"\x01ab") != node_hash(b"a", b"b")


def test_empty_root_is_sha256_of_nothing():
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]) == EMPTY_ROOT
    assert Frontier().root() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_vectors(size: int):
    assert root(HASHES[:size]) == ROOTS[size - 1]
    frontier = Frontier()
    for leaf in HASHES[:size]:
        frontier.push(leaf)
    assert frontier.root() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_the_vectors(index: int, size: int, proof: list[bytes]):
    assert inclusion_proof(HASHES[:size], index) == proof
    verify_inclusion(HASHES[index], index, size, proof, ROOTS[size - 1])


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_the_vectors(size1: int, size2: int, proof: list[bytes]):
    assert consistency_proof(HASHES[:size2], size1) == proof
    verify_consistency(size1, size2, proof, ROOTS[size1 - 1], ROOTS[size2 - 1])


def _flip(proof: list[bytes], i: int) -> list[bytes]:
    bad = list(proof)
    bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
    return bad


@pytest.mark.parametrize(("index", "size", "proof"), [v for v in INCLUSION_VECTORS if v[2]])
def test_corrupted_inclusion_proofs_fail(index: int, size: int, proof: list[bytes]):
    good_root, leaf = ROOTS[size - 1], HASHES[index]
    probes = [
        (index - 1, size, good_root, leaf, proof),
        (index + 1, size, good_root, leaf, proof),
        (index ^ 2, size, good_root, leaf, proof),
        (index, size * 2, good_root, leaf, proof),
        (index, size // 2, good_root, leaf, proof),
        (index, size, good_root, leaf_hash(b"WrongLeaf"), proof),
        (index, size, EMPTY_ROOT, leaf, proof),
        (index, size, SOME_HASH, leaf, proof),
        (index, size, good_root, leaf, [*proof, good_root]),
        (index, size, good_root, leaf, [good_root, *proof]),
        (index, size, good_root, leaf, proof[:-1]),
        *[(index, size, good_root, leaf, _flip(proof, i)) for i in range(len(proof))],
    ]
    if len(proof) > 1:
        probes.append((index, size, good_root, leaf, [proof[0], SOME_HASH, *proof[1:]]))
    for probe_index, probe_size, probe_root, probe_leaf, probe_proof in probes:
        with pytest.raises(AuditIntegrityError):
            verify_inclusion(probe_leaf, probe_index, probe_size, probe_proof, probe_root)


@pytest.mark.parametrize(("size1", "size2", "proof"), [v for v in CONSISTENCY_VECTORS if v[2]])
def test_corrupted_consistency_proofs_fail(size1: int, size2: int, proof: list[bytes]):
    root1, root2 = ROOTS[size1 - 1], ROOTS[size2 - 1]
    probes = [
        (size1 - 1, size2, root1, root2, proof),
        (size1 + 1, size2, root1, root2, proof),
        (size1 ^ 2, size2, root1, root2, proof),
        (size1, size2 * 2, root1, root2, proof),
        (size1, size2 // 2, root1, root2, proof),
        (size1, size2, SOME_HASH, root2, proof),
        (size1, size2, root1, SOME_HASH, proof),
        (size1, size2, root2, root1, proof),
        (size1, size2, root1, root2, []),
        (size1, size2, root1, root2, [*proof, root1]),
        (size1, size2, root1, root2, [*proof, root2]),
        (size1, size2, root1, root2, [root1, *proof]),
        (size1, size2, root1, root2, [root2, *proof]),
        (size1, size2, root1, root2, [proof[0], *proof]),
        (size1, size2, root1, root2, proof[:-1]),
        *[(size1, size2, root1, root2, _flip(proof, i)) for i in range(len(proof))],
    ]
    for s1, s2, r1, r2, p in probes:
        with pytest.raises(AuditIntegrityError):
            verify_consistency(s1, s2, p, r1, r2)


def test_degenerate_inclusion_inputs_fail():
    for index, size in ((0, 0), (1, 0), (2, 1)):
        with pytest.raises(AuditIntegrityError):
            verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT)
    with pytest.raises(AuditIntegrityError, match="32-byte"):
        verify_inclusion(b"short", 0, 1, [], EMPTY_ROOT)
    with pytest.raises(AuditIntegrityError, match="32-byte"):
        verify_inclusion(SOME_HASH, 0, 2, [b""], SOME_HASH)


def test_degenerate_consistency_inputs():
    verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)
    verify_consistency(0, 5, [], EMPTY_ROOT, ROOTS[4])
    verify_consistency(3, 3, [], ROOTS[2], ROOTS[2])
    for size1, size2, root1, root2, proof in [
        (1, 1, ROOTS[0], ROOTS[1], []),  # equal sizes, different roots
        (1, 0, ROOTS[0], EMPTY_ROOT, []),  # time travel
        (2, 1, ROOTS[1], ROOTS[0], []),
        (1, 2, ROOTS[0], ROOTS[1], []),  # empty proof between different sizes
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),  # equal sizes with a proof
        (1, 1, ROOTS[0], ROOTS[0], [EMPTY_ROOT]),
        (0, 1, SOME_HASH, ROOTS[0], []),  # wrong empty root
    ]:
        with pytest.raises(AuditIntegrityError):
            verify_consistency(size1, size2, proof, root1, root2)


def test_proof_builders_reject_out_of_range():
    with pytest.raises(ValueError):
        inclusion_proof(HASHES[:3], 3)
    with pytest.raises(ValueError):
        consistency_proof(HASHES[:3], 4)


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@pytest.mark.parametrize("n", [*range(1, 34), 64, 65, 100])
def test_every_inclusion_and_consistency_proof_round_trips(n: int):
    leaves = _leaves(n)
    full = root(leaves)
    depth = (n - 1).bit_length()
    for i in range(n):
        proof = inclusion_proof(leaves, i)
        assert len(proof) <= depth
        verify_inclusion(leaves[i], i, n, proof, full)
    for m in range(0, n + 1):
        proof = consistency_proof(leaves, m)
        assert len(proof) <= depth + 1
        verify_consistency(m, n, proof, root(leaves[:m]), full)


@given(st.integers(min_value=0, max_value=300))
def test_frontier_matches_the_recursive_root(n: int):
    leaves = _leaves(n)
    frontier = Frontier()
    for leaf in leaves:
        frontier.push(leaf)
    assert frontier.root() == root(leaves)
    restored = Frontier.from_bytes(n, frontier.to_bytes())
    assert restored.root() == frontier.root()
    assert len(frontier.to_bytes()) == merkle.HASH_SIZE * n.bit_count()


def test_frontier_rejects_inconsistent_state():
    with pytest.raises(AuditIntegrityError):
        Frontier(3, [SOME_HASH])
    with pytest.raises(AuditIntegrityError):
        Frontier.from_bytes(1, b"x" * 31)
