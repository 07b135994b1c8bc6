using PhoneNumbers;

namespace Encaisse.Dunning.Channels;

/// <summary>What a stored phone number is good for.</summary>
public enum PhoneKind
{
    /// <summary>No number stored.</summary>
    Missing = 0,
    /// <summary>Not a valid number of its country (typo, too short, garbage).</summary>
    Invalid = 1,
    /// <summary>A valid mobile number: can receive an SMS and a call.</summary>
    Mobile = 2,
    /// <summary>A valid fixed line (France 01–05 and 09): a call, never an SMS.</summary>
    Landline = 3,
    /// <summary>Valid but not known to be a mobile (toll-free, VoIP, shared-cost, a US number that may be either): a call only.</summary>
    OtherVoice = 4,
}

/// <summary>A phone number checked: its kind, its E.164 form when valid (+33612345678), and why it cannot take an SMS.</summary>
public sealed record PhoneCheck(PhoneKind Kind, string? E164, string? Region, string? Reason)
{
    /// <summary>An SMS may be sent to <see cref="E164"/>.</summary>
    public bool CanText => Kind == PhoneKind.Mobile;

    /// <summary>A person can call the number.</summary>
    public bool CanCall => Kind is PhoneKind.Mobile or PhoneKind.Landline or PhoneKind.OtherVoice;
}

/// <summary>
/// The SMS rule, pure: a stored number is parsed in the customer's country (default FR) — or in its own when written
/// with +/00 — with Google's libphonenumber metadata; only a valid <b>mobile</b> number may receive an SMS, always in
/// E.164. A French national number that is not valid in metropolitan France is tried in the overseas departments and
/// collectivities that share the 0 prefix (0692 → La Réunion +262, 0690 → Guadeloupe +590...), since customers there
/// are often stored with country FR. Landlines and other valid numbers can be called, not texted.
/// </summary>
public static class PhoneRules
{
    /// <summary>Regions whose national numbers start with 0 like metropolitan France's, tried when FR does not fit.</summary>
    private static readonly string[] FrenchOverseas = ["RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF"];

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneCheck Check(string? stored, string? country = "FR")
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return new PhoneCheck(PhoneKind.Missing, null, null, "no phone number");
        }

        var region = string.IsNullOrWhiteSpace(country) ? "FR" : country.Trim().ToUpperInvariant();
        if (!Util.GetSupportedRegions().Contains(region))
        {
            region = "FR";
        }

        var number = Parse(stored, region);
        if (number is not null && !Util.IsValidNumber(number) && region == "FR")
        {
            // A number written with +33 stays French (the overseas parse keeps its explicit country code and is left out).
            number = FrenchOverseas.Select(r => Parse(stored, r)).FirstOrDefault(n => n is not null && Util.IsValidNumber(n) && n.CountryCode != 33) ?? number;
        }

        if (number is null || !Util.IsValidNumber(number))
        {
            return new PhoneCheck(PhoneKind.Invalid, null, null, "not a valid phone number");
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        var numberRegion = Util.GetRegionCodeForNumber(number);
        return Util.GetNumberType(number) switch
        {
            PhoneNumberType.MOBILE => new PhoneCheck(PhoneKind.Mobile, e164, numberRegion, null),
            PhoneNumberType.FIXED_LINE => new PhoneCheck(PhoneKind.Landline, e164, numberRegion, "a landline cannot receive an SMS"),
            _ => new PhoneCheck(PhoneKind.OtherVoice, e164, numberRegion, "not known to be a mobile number"),
        };
    }

    private static PhoneNumber? Parse(string text, string region)
    {
        try
        {
            return Util.Parse(text, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
