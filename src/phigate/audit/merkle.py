"""RFC 6962 Merkle trees: hashes, roots, inclusion and consistency proofs, and their verification.

Leaves and interior nodes live in separate hash domains (RFC 6962 section 2.1): a leaf hashes as
``SHA-256(0x00 || leaf)``, a node as ``SHA-256(0x01 || left || right)``. Proofs are lists of 32-byte
hashes, ordered from the leaf upwards, as RFC 9162 section 2.1 defines them. The checks follow the
verification algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step; they return ``None``
and raise ``AuditIntegrityError``, never a bool.

This module needs nothing but ``hashlib``, so the offline proof checker can carry it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from phigate.errors import AuditIntegrityError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Frontier",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

#: The root of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    """``SHA-256(0x00 || leaf)``."""
    return hashlib.sha256(_LEAF_PREFIX + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes: pair each level left to right; an odd last node moves up as is."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n`` > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of RFC 9162 section 2.1.3.1, for the tree of all ``leaf_hashes``."""
    if not 0 <= index < len(leaf_hashes):
        raise ValueError(f"leaf index {index} is outside a tree of size {len(leaf_hashes)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaf_hashes)
    while hi - lo > 1:  # walk down from the root; prepend, so the list ends up leaf-first
        k = _split(hi - lo)
        if index - lo < k:
            path.append(root(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root(leaf_hashes[lo : lo + k]))
            lo += k
    path.reverse()
    return path


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int) -> list[bytes]:
    """PROOF(size1, D[n]) of RFC 9162 section 2.1.4.1, from the first ``size1`` leaves to all of them."""
    n = len(leaf_hashes)
    if not 0 <= size1 <= n:
        raise ValueError(f"size {size1} is outside a tree of size {n}")
    if size1 in (0, n):
        return []
    path: list[bytes] = []
    m, lo, hi, whole = size1, 0, n, True
    while m != hi - lo:  # SUBPROOF(m, D[lo:hi], whole), iteratively; appended top-down, reversed at the end
        k = _split(hi - lo)
        if m <= k:
            path.append(root(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root(leaf_hashes[lo : lo + k]))
            m, lo, whole = m - k, lo + k, False
    if not whole:
        path.append(root(leaf_hashes[lo:hi]))
    path.reverse()
    return path


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise AuditIntegrityError(f"{what} is not a {HASH_SIZE}-byte hash")


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> None:
    """Check that ``leaf`` (a leaf hash) is leaf ``index`` of the tree of ``size`` with ``expected_root``."""
    _check_hash(leaf, "leaf hash")
    _check_hash(expected_root, "root")
    for item in proof:
        _check_hash(item, "proof hash")
    # (1): the index must be inside the tree.
    if not 0 <= index < size:
        raise AuditIntegrityError(f"inclusion proof: index {index} is outside a tree of size {size}")
    # (2): fn is the leaf's index, sn the last index; r starts at the leaf hash.
    fn, sn, r = index, size - 1, leaf
    # (3): fold each proof hash in on the side the index bits say.
    for p in proof:
        if sn == 0:
            raise AuditIntegrityError("inclusion proof: too many hashes")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    # (4): every level used, and the computed root is the expected one.
    if sn != 0:
        raise AuditIntegrityError("inclusion proof: too few hashes")
    if r != expected_root:
        raise AuditIntegrityError("inclusion proof: computed root does not match")


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """Check that the tree of ``size1`` with ``root1`` is a prefix of the tree of ``size2`` with ``root2``."""
    _check_hash(root1, "first root")
    _check_hash(root2, "second root")
    for item in proof:
        _check_hash(item, "proof hash")
    # (0): sizes must not shrink; equal sizes and the empty tree need an empty proof.
    if not 0 <= size1 <= size2:
        raise AuditIntegrityError(f"consistency proof: size {size2} is smaller than {size1}")
    if size1 == size2 or size1 == 0:
        if proof:
            raise AuditIntegrityError("consistency proof: expected an empty proof")
        if size1 == size2 and root1 != root2:
            raise AuditIntegrityError("consistency proof: equal sizes with different roots")
        if size1 == 0 and root1 != EMPTY_ROOT:
            raise AuditIntegrityError("consistency proof: the empty tree has the wrong root")
        return
    # (1): a proof between different sizes is never empty.
    if not proof:
        raise AuditIntegrityError("consistency proof: empty proof")
    path = list(proof)
    # (2): if size1 is a power of two, its root is the first subtree hash and is not sent.
    if (size1 & (size1 - 1)) == 0:
        path.insert(0, root1)
    # (3), (4): start at the last leaf of the first tree, skipping levels where it is a right child.
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # (5), (6): fr rebuilds the first root, sr the second.
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise AuditIntegrityError("consistency proof: too many hashes")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # (7): both roots rebuilt, and every level used.
    if sn != 0:
        raise AuditIntegrityError("consistency proof: too few hashes")
    if fr != root1:
        raise AuditIntegrityError("consistency proof: first root does not match")
    if sr != root2:
        raise AuditIntegrityError("consistency proof: second root does not match")


class Frontier:
    """The right edge of a growing tree: the roots of its perfect subtrees, largest first.

    Appending a leaf merges equal-sized subtrees (amortized one node hash), and ``root()`` folds the
    frontier from the right in O(log n), so a log never rereads old leaves to compute its root.
    """

    __slots__ = ("_nodes", "size")

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if len(nodes) != size.bit_count():
            raise AuditIntegrityError(f"a frontier of size {size} needs {size.bit_count()} nodes")
        self.size = size
        self._nodes = list(nodes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> Frontier:
        """Read a frontier stored as its nodes' concatenated hashes."""
        if len(data) % HASH_SIZE:
            raise AuditIntegrityError("stored frontier is not a whole number of hashes")
        nodes = [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
        return cls(size, nodes)

    def to_bytes(self) -> bytes:
        """The nodes' hashes, concatenated."""
        return b"".join(self._nodes)

    def push(self, leaf: bytes) -> None:
        """Append a leaf hash."""
        nodes, n, h = self._nodes, self.size, leaf
        while n & 1:
            h = node_hash(nodes.pop(), h)
            n >>= 1
        nodes.append(h)
        self.size += 1

    def root(self) -> bytes:
        """The tree's root hash."""
        if not self._nodes:
            return EMPTY_ROOT
        acc = self._nodes[-1]
        for node in reversed(self._nodes[:-1]):
            acc = node_hash(node, acc)
        return acc
