"""Cached check-in grants (quantriet.hotcache) are forgotten (in every process) as soon as
what they were decided from changes: a meeting, a bridge point, its operators or expected
units, a unit (moved or closed)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from quantriet import hotcache
from quantriet.orgs.models import Unit

from .models import BridgePoint, Meeting


@receiver([post_save, post_delete], sender=Meeting)
@receiver([post_save, post_delete], sender=BridgePoint)
@receiver([post_save, post_delete], sender=Unit)
@receiver(m2m_changed, sender=BridgePoint.operators.through)
@receiver(m2m_changed, sender=BridgePoint.expected_units.through)
def forget_cached_grants(sender, **kwargs):
    hotcache.changed()
