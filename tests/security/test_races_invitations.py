"""Members of one organisation inviting at the same moment: the daily limit and the « one pending
invitation per address » rule hold, because each invitation is checked under the organisation's lock."""

from django.core.exceptions import ValidationError

from applications import registration
from applications.models import Invitation
from tests.factories import CarrierFactory

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY


def invite(organisation, member, email):
    return registration.invite_colleague(
        organisation=organisation, email=email, invited_by=member, base_url="https://ami.example.gouv.fr"
    )


def test_simultaneous_invitations_stay_within_the_daily_limit(on_postgres, settings):
    settings.AMI_INVITATIONS_PER_DAY = 2
    member = CarrierFactory()
    organisation = member.organisation
    outcomes = run_at_once(
        *(lambda n=n: invite(organisation, member, f"collegue{n}@asso.example.org") for n in range(5))
    )
    assert sum(o.ok for o in outcomes) == 2
    assert all(isinstance(o.error, ValidationError) for o in outcomes if not o.ok)
    assert Invitation.objects.filter(organisation=organisation).count() == 2


def test_the_same_address_invited_twice_at_once_gets_one_invitation(on_postgres):
    member = CarrierFactory()
    organisation = member.organisation
    outcomes = run_at_once(*(lambda: invite(organisation, member, "Collegue@Asso.example.org") for _ in range(3)))
    assert sum(o.ok for o in outcomes) == 1
    assert Invitation.objects.filter(organisation=organisation).count() == 1
