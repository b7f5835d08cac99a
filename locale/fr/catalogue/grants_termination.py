"""Closing the follow-up of a grant whose award a corrective decision withdrew
(applications/grants/termination.py, its admin screen, the carrier's page, the email, the
verification of the ordre de reversement)."""

FR = {
    # The models' states and fields
    "corrective decision that withdrew the award": "décision rectificative ayant retiré l'attribution",
    "terminated at": "clôturée le",
    "terminated by": "clôturée par",
    "Terminated: award withdrawn": "Résiliée : attribution retirée",
    "Cancelled: award withdrawn": "Annulé : attribution retirée",
    "No longer due: award withdrawn": "Plus dû : attribution retirée",
    # The services' refusals
    "The award of this grant was withdrawn by a corrective decision: nothing more can be done under it.": (
        "L'attribution de cette subvention a été retirée par une décision rectificative : plus rien ne "
        "peut être fait à son titre."
    ),
    "This grant's follow-up is already closed.": "Le suivi de cette subvention est déjà clôturé.",
    "Only a grant whose award a corrective decision withdrew can be terminated.": (
        "Seule une subvention dont l'attribution a été retirée par une décision rectificative peut être clôturée."
    ),
    # The audit log
    "Payment cancelled: award withdrawn": "Versement annulé : attribution retirée",
    "Convention terminated: award withdrawn": "Convention résiliée : attribution retirée",
    "Follow-up of the grant closed: award withdrawn": "Suivi de la subvention clôturé : attribution retirée",
    # The official's grant screen
    "The follow-up of the grant is closed; the carrier is told by email.": (
        "Le suivi de la subvention est clôturé ; le porteur en est informé par courriel."
    ),
    "Follow-up closed": "Suivi clôturé",
    # The call's follow-up screen
    "Follow-up closed: award withdrawn": "Suivi clôturé : attribution retirée",
    "closed on %(date)s by %(by)s, the award having been withdrawn by the corrective decision %(reference)s.": (
        "clôturé le %(date)s par %(by)s, l'attribution ayant été retirée par la décision rectificative %(reference)s."
    ),
    "Close the follow-up of the withdrawn award": "Clôturer le suivi de l'attribution retirée",
    (
        "Every payment not recorded as paid is cancelled (if the accounting service has already paid an "
        "approved one, record that payment first), the convention is terminated and the reports are no "
        "longer due."
    ): (
        "Tout versement non enregistré comme payé est annulé (si le service comptable a déjà payé un "
        "versement approuvé, enregistrez d'abord ce paiement), la convention est résiliée et les comptes "
        "rendus ne sont plus dus."
    ),
    "An ordre de reversement of the sums paid (%(amount)s) is issued in the name of the signatory below.": (
        "Un ordre de reversement des sommes versées (%(amount)s) est émis au nom du signataire ci-dessous."
    ),
    "Nothing was paid: no ordre de reversement is needed.": (
        "Rien n'a été versé : aucun ordre de reversement n'est nécessaire."
    ),
    "Close the follow-up of the grant": "Clôturer le suivi de la subvention",
    # The email to the carrier
    (
        "The award of the grant for the dossier %(reference)s was withdrawn by the corrective decision "
        "%(withdrawal)s. The ministry has closed the grant's follow-up: no further payment will be made, no "
        "report is due any more, and the convention, if there was one, is terminated."
    ): (
        "L'attribution de la subvention accordée pour le dossier %(reference)s a été retirée par la "
        "décision rectificative %(withdrawal)s. Le ministère a clôturé le suivi de la subvention : aucun "
        "versement ne sera plus effectué, aucun compte rendu n'est plus dû, et la convention, s'il y en "
        "avait une, est résiliée."
    ),
    (
        "An ordre de reversement asks you to return the sums already paid (%(amount)s). It states how and "
        "by when, and how to contest it."
    ): (
        "Un ordre de reversement vous demande de reverser les sommes déjà versées (%(amount)s). Il indique "
        "comment et avant quelle date, et comment le contester."
    ),
    "The details, and the ordre de reversement if there is one, are here:": (
        "Le détail, et l'ordre de reversement s'il y en a un, se trouvent ici :"
    ),
    "Dossier %(reference)s: the follow-up of the grant is closed": (
        "Dossier %(reference)s : le suivi de la subvention est clôturé"
    ),
    # The carrier's page
    "The award was withdrawn": "L'attribution a été retirée",
    (
        "The corrective decision %(reference)s of %(date)s withdrew the award. On %(closed)s the ministry "
        "closed the follow-up of the grant: no further payment will be made, no report is due any more, "
        "and the convention, if there was one, is terminated."
    ): (
        "La décision rectificative %(reference)s du %(date)s a retiré l'attribution. Le %(closed)s, le "
        "ministère a clôturé le suivi de la subvention : aucun versement ne sera plus effectué, aucun "
        "compte rendu n'est plus dû, et la convention, s'il y en avait une, est résiliée."
    ),
    (
        "The corrective decision %(reference)s of %(date)s withdrew the award. Nothing more is paid under it "
        "and no report can be filed; the ministry will close the follow-up of the grant and tell you what "
        "happens to the sums already paid."
    ): (
        "La décision rectificative %(reference)s du %(date)s a retiré l'attribution. Plus rien n'est versé "
        "à son titre et aucun compte rendu ne peut être déposé ; le ministère clôturera le suivi de la "
        "subvention et vous dira ce qu'il advient des sommes déjà versées."
    ),
    "The sums already paid (%(amount)s) are to be returned: see the ordre de reversement below.": (
        "Les sommes déjà versées (%(amount)s) sont à reverser : voir l'ordre de reversement ci-dessous."
    ),
    # The public verification of the ordre de reversement
    (
        "This ordre de reversement was issued through this portal on %(date)s: %(organisation)s is to "
        "return %(amount)s paid under an award since withdrawn."
    ): (
        "Cet ordre de reversement a été émis par ce portail le %(date)s : %(organisation)s doit reverser "
        "%(amount)s versés au titre d'une attribution retirée depuis."
    ),
    "Ordre de reversement of the sums paid under a withdrawn award": (
        "Ordre de reversement des sommes versées au titre d'une attribution retirée"
    ),
    "Corrective decision withdrawing it": "Décision rectificative qui la retire",
}
