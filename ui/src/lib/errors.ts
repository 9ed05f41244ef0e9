// How an API error reads in the UI language. The API writes its messages in English; in French
// the codes a person meets while filling forms get a French sentence (chosen by `code`, never
// by the message text), and any other error shows the API's message as it is.
import type { Lang } from './i18n/messages';

const FRENCH: Record<string, string> = {
  invalid_siren: 'SIREN invalide : 9 chiffres dont une clé de contrôle.',
  invalid_siret: 'SIRET invalide : 14 chiffres dont une clé de contrôle.',
  invalid_vat_number: 'Numéro de TVA invalide (par exemple FR44732829320).',
  invalid_iban: 'IBAN invalide.',
  invalid_bic: 'BIC invalide (8 ou 11 caractères).',
  invalid_email: 'Adresse e-mail invalide.',
  invalid_country: 'Pays invalide : code ISO à deux lettres (FR, BE, DE…).',
  invalid_currency: 'Devise invalide : code ISO à trois lettres (EUR, USD…).',
  invalid_pattern: 'Modèle de numérotation invalide : il doit contenir {seq:N}.',
  invalid_colour: 'Couleur invalide : au format #1f4e79.',
  invalid_unit: 'Unité invalide : un code UN/ECE (C62, HUR, DAY…).',
  invalid_policy: 'Politique de relance invalide : de 1 à 10 étapes.',
  invalid_stage: 'Étape invalide : un nom unique fait de a-z, 0-9, _ et -.',
  invalid_offset: 'Jour invalide : entre −60 et +365, un seul par jour, et seule une étape de courtoisie avant le jour 1.',
  invalid_template: 'Texte de relance invalide : uniquement les champs proposés, un texte par langue, objet et texte non vides.',
  invalid_time_zone: 'Fuseau horaire inconnu : un nom IANA comme Europe/Paris.',
  immutable: 'Ce document est émis : il ne peut plus être modifié ni supprimé.',
  busy: 'La base de données est occupée ; réessayez dans un instant.',
  ipc: "Le cœur de l'application n'a pas répondu.",
  invalid_subject: "Objet invalide : une seule ligne, non vide, de 250 caractères au plus.",
  invalid_body: 'Texte du message invalide : il ne doit pas être vide.',
  invalid_request: "L'application a refusé ce que cet écran lui a envoyé (format inattendu) : rechargez l'écran ; si cela se reproduit, signalez-le au support.",
  no_recipient: "Le client n'a pas d'adresse e-mail : ajoutez-en une à sa fiche.",
  mail_not_configured: "Aucun compte e-mail n'est configuré : voir Réglages → E-mail.",
  review_changed: "Les relances en attente ont changé entre-temps : rien n'a été fait. Revoyez la liste.",
  too_many_due: "Avec cette date de début, plus de 36 factures seraient dues d'un coup : vérifiez la date.",
  schedule_locked: 'Des factures ont déjà été créées : la fréquence et le premier jour ne peuvent plus changer. Créez un nouveau modèle.',
  invalid_interval: "L'intervalle doit être compris entre 1 et dix ans.",
  invalid_count: 'Le nombre de factures doit être au moins 1.',
  template_paused: "Ce modèle est en pause : reprenez-le d'abord.",
  schedule_finished: "Le calendrier de ce modèle n'a plus aucune date.",
};

export function localizedError(code: string, message: string, lang: Lang): string {
  if (lang === 'fr' && Object.prototype.hasOwnProperty.call(FRENCH, code)) return FRENCH[code];
  return message;
}
