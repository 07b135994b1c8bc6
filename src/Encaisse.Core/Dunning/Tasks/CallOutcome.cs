namespace Encaisse.Dunning.Tasks;

/// <summary>What came out of a collector's call.</summary>
public enum CallOutcome
{
    /// <summary>Spoke to the customer; nothing more to record than the comment.</summary>
    Reached = 0,
    /// <summary>The customer promised to pay: a promise to pay is recorded.</summary>
    Promise = 1,
    /// <summary>The customer contests invoices: a dispute is opened.</summary>
    Dispute = 2,
    /// <summary>The number is wrong: noted on the customer's file.</summary>
    WrongNumber = 3,
    /// <summary>Call again on a given day: a new call task is created.</summary>
    CallBack = 4,
    NoAnswer = 5,
}
