import type { MouseEvent } from "react";
import { useI18n } from "../i18n/I18nProvider";
import { mailtoHref, telHref, whatsAppHref } from "../lib/contact";
import { ActionIcon } from "./ActionIcon";

/**
 * Records a tapped one-tap link without leaving the page: the gateway logs the attempt when the link is fetched
 * and answers with a redirect we do not follow (the tel:/mailto: link itself opens the dialer or mail app). The
 * link works only with the session cookie of the lead's owner, so it goes with the request.
 */
function recordTap(trackedUrl: string | null | undefined) {
  if (!trackedUrl) return;
  fetch(trackedUrl, { method: "GET", redirect: "manual", keepalive: true, credentials: "same-origin" }).catch(() => {
    // Proof of the attempt is a bonus; calling must work even if this fails.
  });
}

export interface ContactActionsProps {
  phone: string | null | undefined;
  email: string | null | undefined;
  message?: string | null;
  subject?: string | null;
  /** The due item's tracked links (relative gateway paths) when there is a follow-up step to complete. */
  links?: { call: string | null; whatsApp: string | null; email: string | null };
  onTap?: (channel: "call" | "whatsapp" | "email") => void;
}

export function ContactActions({ phone, email, message, subject, links, onTap }: ContactActionsProps) {
  const { t } = useI18n();
  const tel = telHref(phone);
  const callHref = tel ?? links?.call ?? null;
  // The tracked WhatsApp link records the attempt and redirects to wa.me with the step's filled-in message.
  const waHref = links?.whatsApp ?? whatsAppHref(phone, message);
  const mailHref = mailtoHref(email, subject, message) ?? links?.email ?? null;

  const tap = (channel: "call" | "whatsapp" | "email", tracked: string | null | undefined) => (_: MouseEvent) => {
    if (tracked && channel !== "whatsapp") recordTap(tracked);
    onTap?.(channel);
  };

  return (
    <div className="contact-actions">
      {callHref ? (
        <a className="btn btn-action btn-call" href={callHref} data-testid="call-link" onClick={tap("call", tel ? links?.call : null)}>
          <ActionIcon name="call" /> <span>{t("action.call")}</span>
        </a>
      ) : (
        <span className="btn btn-action" aria-disabled="true">
          <ActionIcon name="call" /> <span>{t("action.call")}</span>
        </span>
      )}
      {waHref ? (
        <a
          className="btn btn-action btn-wa"
          href={waHref}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="whatsapp-link"
          onClick={tap("whatsapp", links?.whatsApp)}
        >
          <ActionIcon name="whatsapp" /> <span>{t("action.whatsapp")}</span>
        </a>
      ) : (
        <span className="btn btn-action" aria-disabled="true">
          <ActionIcon name="whatsapp" /> <span>{t("action.whatsapp")}</span>
        </span>
      )}
      {mailHref ? (
        <a className="btn btn-action btn-mail" href={mailHref} data-testid="email-link" onClick={tap("email", mailtoHref(email) ? links?.email : null)}>
          <ActionIcon name="email" /> <span>{t("action.email")}</span>
        </a>
      ) : (
        <span className="btn btn-action" aria-disabled="true">
          <ActionIcon name="email" /> <span>{t("action.email")}</span>
        </span>
      )}
    </div>
  );
}
