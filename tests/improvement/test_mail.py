"""The SMTP server the mail tests use really receives what Django sends."""

from django.core.mail import send_mail


def test_a_mail_sent_by_django_arrives_at_the_loopback_smtp_server(smtp_server):
    send_mail("Nieuw signaal", "Er is een signaal voor uw team.", None, ["team@woerden.nl"])

    [received] = smtp_server.to("team@woerden.nl")
    assert received.subject == "Nieuw signaal"
    assert "signaal voor uw team" in received.body
