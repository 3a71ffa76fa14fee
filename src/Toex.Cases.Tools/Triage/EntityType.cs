namespace Toex.Cases.Tools.Triage;

public enum EntityType
{
    Phone, Email, Url, Postcode, UkBankAccount, Iban, PaymentCard, CryptoWallet, VehicleRegistration, KeywordHit,
}

/// <summary>An entity found in a text: its type and normalised value (the artefact's identity within a line).</summary>
public sealed record ExtractedEntity(EntityType Type, string Value);
