using Encaisse.Ledger;
using Encaisse.Legal.Rates;
using Encaisse.Operations;

namespace Encaisse.Legal;

/// <summary>
/// Late-payment interest and recovery indemnity of one claim (french-law.md §1.3, §1.4, §7, §8). Pure: rates come
/// from a <see cref="RateTable"/>, dates are explicit. Simple interest, day by day: a day carries the base still
/// unpaid at its start (a payment counts from the day after it arrives) and the rate of its half-year (or of the
/// half-year lateness began in, <see cref="HalfYearRatePolicy.Start"/>); consecutive days with the same base, rate
/// and half-year form a period, rounded to the cent through <see cref="Currencies.Round"/>; the interest is the sum
/// of the rounded periods so that a statement adds up.
/// </summary>
public static class PenaltyCalculator
{
    /// <summary>D441-5: €40 per late business invoice.</summary>
    public const decimal RecoveryIndemnity = 40m;

    public static PenaltyResult Compute(PenaltyRequest request, RateTable rates)
    {
        Validate(request);
        var terms = request.Terms;
        var currency = request.Currency;
        var warnings = new List<LegalNote>();
        var end = request.PaidOn ?? request.AsOf!.Value;
        var payments = request.Payments.OrderBy(p => p.ReceivedOn).ToList();

        // The claim is settled on the day the payments reach the amount; lateness cannot run past it.
        var settledOn = SettledOn(request.Amount, payments);
        if (settledOn is { } s && s < end)
        {
            end = s;
        }

        var daysLate = Math.Max(0, end.DayNumber - request.DueDate.DayNumber);
        if (daysLate == 0)
        {
            return new PenaltyResult(0, 0m, 0m, 0m, [], warnings, currency);
        }

        var insolvencyForbidsPayment = request.InsolvencyOpenedOn is { } opened && opened <= request.DueDate;
        var (interestFrom, interestTo) = InterestWindow(request, end, warnings);
        var periods = interestFrom <= interestTo
            ? Periods(request, rates, payments, interestFrom, interestTo, warnings)
            : [];
        var interest = periods.Sum(p => p.Interest);
        if (request.Terms.ContractualRate is null)
        {
            foreach (var half in periods.SelectMany(p => new[] { HalfYear.Of(p.From), HalfYear.Of(p.To) }).Distinct().Where(rates.IsProvisional))
            {
                warnings.Add(ProvisionalRateWarning(half, rates.Latest!.HalfYear));
            }
        }

        decimal indemnity = 0m, supplementary = 0m;
        if (request.Debtor == DebtorKind.Business)
        {
            if (insolvencyForbidsPayment)
            {
                warnings.Add(LegalNote.Of(LegalNote.NoIndemnityInsolvency));
            }
            else
            {
                indemnity = RecoveryIndemnity;
                supplementary = Math.Max(0m, Currencies.Round(request.JustifiedRecoveryCosts, currency) - RecoveryIndemnity);
            }
        }
        else if (request.JustifiedRecoveryCosts > 0)
        {
            warnings.Add(LegalNote.Of(LegalNote.ConsumerCosts));
        }

        return new PenaltyResult(daysLate, interest, indemnity, supplementary, periods, warnings, currency);
    }

    /// <summary>The warning of a computation that used the latest published rates for a half-year not published yet.</summary>
    public static LegalNote ProvisionalRateWarning(HalfYear half, HalfYear latest) =>
        LegalNote.Of(LegalNote.ProvisionalRates, ("half", half), ("latest", latest));

    /// <summary>Refuses a contractual rate below 3 × the legal rate "autres cas" of <paramref name="halfYear"/>.</summary>
    public static OperationError? CheckContractualRate(decimal rate, HalfYear halfYear, RateTable rates)
    {
        var floor = rates.For(halfYear).ContractualFloor;
        return rate < floor
            ? OperationError.Invalid(PenaltyErrors.RateBelowFloor,
                [("rate", rate), ("floor", floor), ("legalRate", rates.For(halfYear).LegalRateOther), .. PenaltyErrors.HalfYear("half", halfYear)])
            : null;
    }

    private static void Validate(PenaltyRequest request)
    {
        if (request.Amount <= 0)
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.AmountNotPositive, ("amount", request.Amount));
        }

        if (request.PaidOn is null && request.AsOf is null)
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.NoEnd);
        }

        if (request.Payments.Any(p => p.Amount <= 0))
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.PaymentNotPositive);
        }

        var end = request.PaidOn ?? request.AsOf!.Value;
        if (request.Payments.FirstOrDefault(p => p.ReceivedOn > end) is { } late)
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.PaymentAfterEnd, ("date", late.ReceivedOn), ("end", end));
        }

        if (request.Payments.Sum(p => p.Amount) > request.Amount)
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.PaymentsExceedAmount);
        }

        if (request.Terms.ContractualRate is { } rate && (rate <= 0 || rate > 100))
        {
            throw PenaltyInputException.Invalid(PenaltyErrors.RateOutOfRange, ("rate", rate));
        }
    }

    private static DateOnly? SettledOn(decimal amount, IReadOnlyList<PartialPayment> payments)
    {
        var paid = 0m;
        foreach (var payment in payments)
        {
            paid += payment.Amount;
            if (paid >= amount)
            {
                return payment.ReceivedOn;
            }
        }

        return null;
    }

    private static (DateOnly From, DateOnly To) InterestWindow(PenaltyRequest request, DateOnly end, List<LegalNote> warnings)
    {
        var from = request.DueDate.AddDays(1);
        if (request.Debtor == DebtorKind.Consumer)
        {
            if (request.NoticeDate is not { } notice)
            {
                warnings.Add(LegalNote.Of(LegalNote.ConsumerNotice));
                return (end.AddDays(1), end);
            }

            if (notice >= from)
            {
                from = notice.AddDays(1);
            }
        }

        var to = end;
        if (request.InsolvencyOpenedOn is { } opened && opened <= to)
        {
            // L622-28: the opening judgment stops the course of interest; interest runs to the day before it.
            to = opened.AddDays(-1);
            warnings.Add(LegalNote.Of(LegalNote.InterestStopsInsolvency, ("date", opened)));
        }

        return (from, to);
    }

    private static List<PenaltyPeriod> Periods(
        PenaltyRequest request, RateTable rates, IReadOnlyList<PartialPayment> payments, DateOnly from, DateOnly to, List<LegalNote> warnings)
    {
        var terms = request.Terms;
        var start = HalfYear.Of(from);
        var consumer = request.Debtor == DebtorKind.Consumer;
        // A contractual rate is the same in every half-year: one period (no rounding per half-year).
        var splitByHalfYear = terms.ContractualRate is null && (consumer || terms.Policy == HalfYearRatePolicy.Split);
        for (var half = start; half <= HalfYear.Of(to); half = half.Next)
        {
            CheckHalfYear(request, rates, half, warnings);
        }

        // Days where something may change: half-year starts, 1 January (actual basis), the day after each payment.
        var boundaries = new SortedSet<DateOnly> { from, to.AddDays(1) };
        for (var half = start.Next; half.Start <= to; half = half.Next)
        {
            boundaries.Add(half.Start);
        }

        foreach (var payment in payments)
        {
            var next = payment.ReceivedOn.AddDays(1);
            if (next > from && next <= to)
            {
                boundaries.Add(next);
            }
        }

        var pauses = request.Pauses.Where(p => p.From <= to && p.To >= from).ToList();
        foreach (var pause in pauses)
        {
            boundaries.Add(pause.From > from ? pause.From : from);
            if (pause.To < to)
            {
                boundaries.Add(pause.To.AddDays(1));
            }

            warnings.Add(LegalNote.Of(LegalNote.InterestPaused, ("from", pause.From), ("to", pause.To), ("reason", pause.Reason)));
        }

        var periods = new List<PenaltyPeriod>();
        DateOnly? periodStart = null;
        (decimal Base, decimal Rate, HalfYear Half, int Basis) current = default;
        var days = boundaries.ToList();
        for (var i = 0; i < days.Count - 1; i++)
        {
            var day = days[i];
            if (pauses.Any(p => p.From <= day && day <= p.To))
            {
                Close(periods, periodStart, day.AddDays(-1), current, request.Currency);
                periodStart = null;
                continue;
            }

            var baseAmount = request.Amount - payments.Where(p => p.ReceivedOn < day).Sum(p => p.Amount);
            var half = HalfYear.Of(day);
            var key = (baseAmount, RateOf(request, rates, day, start), splitByHalfYear ? half : start, BasisOf(terms.Basis, day));
            if (periodStart is null || key != current)
            {
                Close(periods, periodStart, day.AddDays(-1), current, request.Currency);
                periodStart = day;
                current = key;
            }
        }

        Close(periods, periodStart, to, current, request.Currency);
        return periods;
    }

    private static void Close(List<PenaltyPeriod> periods, DateOnly? from, DateOnly to, (decimal Base, decimal Rate, HalfYear Half, int Basis) k, string currency)
    {
        if (from is not { } f || k.Base <= 0)
        {
            return;
        }

        var days = to.DayNumber - f.DayNumber + 1;
        var interest = Currencies.Round(k.Base * k.Rate / 100m * days / k.Basis, currency);
        periods.Add(new PenaltyPeriod(f, to, days, k.Rate, k.Base, interest));
    }

    private static decimal RateOf(PenaltyRequest request, RateTable rates, DateOnly day, HalfYear start)
    {
        var terms = request.Terms;
        if (terms.ContractualRate is { } agreed)
        {
            return agreed;
        }

        if (request.Debtor == DebtorKind.Consumer)
        {
            // The category follows the creditor (french-law.md §0.2, §8): a company uses "autres cas".
            var legal = rates.ForComputation(day);
            return terms.CreditorIsNaturalPerson ? legal.LegalRatePersonal : legal.LegalRateOther;
        }

        return rates.ForComputation(terms.Policy == HalfYearRatePolicy.Start ? start : HalfYear.Of(day)).DefaultPenaltyRate;
    }

    private static void CheckHalfYear(PenaltyRequest request, RateTable rates, HalfYear half, List<LegalNote> warnings)
    {
        if (request.Debtor != DebtorKind.Business)
        {
            return;
        }

        if (request.Terms.ContractualRate is { } agreed)
        {
            if (CheckContractualRate(agreed, half, rates) is { } refusal)
            {
                var floor = rates.For(half);
                throw new PenaltyInputException(refusal)
                {
                    Note = LegalNote.Of(LegalNote.RateBelowFloor, ("rate", agreed), ("floor", floor.ContractualFloor), ("legalRate", floor.LegalRateOther), ("half", half)),
                };
            }
        }
        else if (rates.Find(half) is { } rate && rate.ContractualFloor > rate.DefaultPenaltyRate)
        {
            warnings.Add(LegalNote.Of(LegalNote.FloorAboveDefault, ("half", half), ("legalRate", rate.LegalRateOther), ("floor", rate.ContractualFloor),
                ("defaultRate", rate.DefaultPenaltyRate)));
        }
    }

    private static int BasisOf(DayCountBasis basis, DateOnly day) =>
        basis == DayCountBasis.Actual && DateTime.IsLeapYear(day.Year) ? 366 : 365;
}
