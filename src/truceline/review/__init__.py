"""What analysts' reviews give back: agreement figures and training examples.

    agreement.py  extractor-vs-reviewer agreement per field and per type (`review stats`)
    training.py   reviewed sentences as typing examples (`train --from-store`)

The reviews themselves (verdicts, corrections, audit log, re-attachment, the reviewed
view) live in the store: `truceline.store.review`.
"""
