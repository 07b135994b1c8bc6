using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>The tenant's identity printed on letters, statements and the portal.</summary>
public sealed class CompanyModel(EncaisseDb db, RequestTenant requestTenant) : SettingsPageModel
{
    [BindProperty] public CompanyForm Form { get; set; } = new();
    public IReadOnlyList<IdentityProblem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == requestTenant.TenantId, ct);
        Form = CompanyForm.Of(tenant);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var saved = await TenantIdentityOperations.SaveAsync(db, Form.ToInput(), ct);
        if (!saved.IsOk)
        {
            // The operation's data names each refused field's reason code (settings.err.*), which the form shows.
            Problems = saved.Error!.Data.Select(d => new IdentityProblem(d.Key, d.Value as string ?? "")).ToList();
            return Page();
        }

        Notice = "saved";
        return RedirectToPage();
    }

    public string? ProblemOf(string field) => Problems.FirstOrDefault(p => p.Field == field)?.Code;
}

/// <summary>The company form as posted (texts; checked by <see cref="TenantIdentity"/>).</summary>
public sealed class CompanyForm
{
    public string? Name { get; set; }
    public string? Siren { get; set; }
    public string? Siret { get; set; }
    public string? VatNumber { get; set; }
    public string? LegalForm { get; set; }
    public string? ShareCapital { get; set; }
    public string? RegistrationCity { get; set; }
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Iban { get; set; }
    public string? Bic { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Currency { get; set; }
    public string? TimeZone { get; set; }
    public string? DefaultPaymentTerms { get; set; }

    public TenantIdentityInput ToInput() => new(Name, Siren, Siret, VatNumber, LegalForm, ShareCapital, RegistrationCity, Line1, Line2, PostalCode, City,
        Country, Iban, Bic, Email, Phone, Currency, TimeZone, DefaultPaymentTerms);

    public static CompanyForm Of(Tenant t) => new()
    {
        Name = t.Name, Siren = t.Siren, Siret = t.Siret, VatNumber = t.VatNumber, LegalForm = t.LegalForm,
        ShareCapital = t.ShareCapitalMinor is { } c ? Currencies.FromMinor(c, t.Currency).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        RegistrationCity = t.RegistrationCity, Line1 = t.Address.Line1, Line2 = t.Address.Line2, PostalCode = t.Address.PostalCode, City = t.Address.City,
        Country = t.Address.Country, Iban = t.Iban, Bic = t.Bic, Email = t.Email, Phone = t.Phone, Currency = t.Currency, TimeZone = t.TimeZone,
        DefaultPaymentTerms = t.DefaultPaymentTerms,
    };
}
