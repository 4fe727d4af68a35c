"""written-hearing domain core.

Everything the two web apps share lives here: configuration, database models, the case
workflow, the vault (encryption), the questionnaire engine, eligibility rules, dossier PDFs,
the audit log and the ``hearing`` command line. Nothing in this package imports from
``webform`` or ``admin``; only ``hearing.web`` touches Flask, as glue for the app factories.
"""

__version__ = "0.1.0"
