"""Keys, envelope encryption, keyed hashes and signatures.

``phigate.crypto.keys`` (``KeyProvider``, ``LocalKeyFile``), ``phigate.crypto.hmac`` (``keyed_hash``),
``phigate.crypto.envelope`` (AES-256-GCM envelopes), ``phigate.crypto.datakeys`` (named data keys),
``phigate.crypto.signing`` (Ed25519). Remote providers: ``vault_transit`` and ``aws_kms``.
"""
