"""The life of a grant after its award: the convention, the payment schedule and its instalments,
the interim and final reports, and the return of unspent funds."""
