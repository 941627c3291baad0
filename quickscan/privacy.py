"""What the Quick Scan keeps about a person (registry.personal_data): the scans they set up and the terms
they accepted for their municipality. Answers are anonymous: nothing ties them to anyone, so nothing of
them can be exported or erased per person. The scans belong to the municipality and stay."""

from typing import Any

from portal.models import User

from .models import DataProcessingAgreement, Scan


def personal_data(*, user: User) -> dict[str, Any]:
    return {
        "quick_scans_set_up": [
            {"name": scan.name, "municipality": scan.municipality.name, "created_at": scan.created_at.isoformat()}
            for scan in Scan.objects.filter(created_by=user).select_related("municipality")
        ],
        "data_processing_terms_accepted": [
            {"municipality": agreement.municipality.name, "version": agreement.terms_version, "accepted_at": agreement.accepted_at.isoformat()}
            for agreement in DataProcessingAgreement.objects.filter(accepted_by=user).select_related("municipality")
        ],
    }
