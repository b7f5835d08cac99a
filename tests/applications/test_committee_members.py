"""The committee as its procès-verbal names it: one chair, present, enforced by the database."""

import pytest
from django.db import IntegrityError, transaction

from applications.models import CommitteeMember

pytestmark = pytest.mark.django_db


def test_one_chair_per_call_and_the_chair_is_present(ami_call):
    CommitteeMember.objects.create(call=ami_call, full_name="Claire Dupont", role="DGEF/DIAN", chairs=True)
    CommitteeMember.objects.create(call=ami_call, full_name="Karim Benali", role="DGCS/SDFE", attendance="excused")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.create(call=ami_call, full_name="Awa Diallo", role="OFII", chairs=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.filter(chairs=True).update(attendance="excused")
    assert list(ami_call.committee.values_list("full_name", flat=True)) == ["Claire Dupont", "Karim Benali"]
