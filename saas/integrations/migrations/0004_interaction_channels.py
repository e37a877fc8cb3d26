"""Interactions the connectors wrote before ``Interaction.channel`` existed get their channel back.

A message kept in ``ChannelMessage`` names the interaction it was logged as; WeChat's inbound events kept no
such link, so those stay blank (they were never answerable from the timeline anyway).
"""

from django.db import migrations


def fill_channels(apps, schema_editor):
    ChannelMessage = apps.get_model("integrations", "ChannelMessage")
    Interaction = apps.get_model("customers", "Interaction")
    for channel in ("email", "sms"):
        logged = ChannelMessage.objects.filter(channel=channel, interaction__isnull=False).values("interaction_id")
        Interaction.objects.filter(pk__in=logged).update(channel=channel)


class Migration(migrations.Migration):

    dependencies = [
        ("integrations", "0003_channel_connections"),
        ("customers", "0008_interaction_channel"),
    ]

    operations = [migrations.RunPython(fill_channels, migrations.RunPython.noop)]
