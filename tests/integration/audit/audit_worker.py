"""A separate process that appends to an audit store, for the multi-process and kill -9 tests.

python audit_worker.py URL TAG COUNT    append COUNT events one at a time, then exit
python audit_worker.py URL TAG loop     append batches forever (until killed)
"""

from __future__ import annotations

import random
import sys

from audit_helpers import HMAC_KEY, SEED, make_event

from phigate.audit.checkpoint import signer_from_seed
from phigate.audit.log import AuditLog
from phigate.store.engine import make_engine


def main(url: str, tag: str, count: str) -> None:
    log = AuditLog(make_engine(url), hmac_key=HMAC_KEY, signer=signer_from_seed(SEED), checkpoint_every=50)
    if count == "loop":
        rng = random.Random(tag)
        i = 0
        while True:
            n = rng.randint(1, 200)
            log.append_many([make_event(i + k, actor=tag) for k in range(n)])
            i += n
    for i in range(int(count)):
        log.append(make_event(i, actor=tag))
    log.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
