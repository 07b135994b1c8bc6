namespace Encaisse.Payments.Matching;

/// <summary>
/// Which combinations of open amounts add up to a payment: a depth-first search over the amounts sorted from the
/// largest, pruned by what is left, that stops at the second solution (uniqueness is all that matters) or when its
/// budget of visited nodes is spent (then the answer is "not proven unique").
/// </summary>
internal static class SubsetSearch
{
    /// <summary>Default budget of visited nodes per search: a few milliseconds at worst.</summary>
    public const int DefaultBudget = 200_000;

    /// <summary>
    /// The combinations (indexes into <paramref name="amounts"/>) whose total lies in [low, high], at most two.
    /// <paramref name="complete"/> is false when the budget ran out before the search space was covered.
    /// </summary>
    public static IReadOnlyList<int[]> Find(IReadOnlyList<long> amounts, long low, long high, out bool complete, int budget = DefaultBudget)
    {
        complete = true;
        var solutions = new List<int[]>(2);
        if (high <= 0 || low > high)
        {
            return solutions;
        }

        var order = Enumerable.Range(0, amounts.Count).Where(i => amounts[i] > 0).OrderByDescending(i => amounts[i]).ToArray();
        var suffix = new long[order.Length + 1];
        for (var k = order.Length - 1; k >= 0; k--)
        {
            suffix[k] = suffix[k + 1] + amounts[order[k]];
        }

        var chosen = new List<int>();
        var nodes = 0;
        var exhausted = false;

        void Visit(int k, long total)
        {
            if (solutions.Count >= 2 || exhausted)
            {
                return;
            }

            if (++nodes > budget)
            {
                exhausted = true;
                return;
            }

            if (total >= low && total <= high && chosen.Count > 0)
            {
                solutions.Add([.. chosen]);
                // a superset adds a positive amount: it can still fall in the window only when the window is wider than that
            }

            for (var next = k; next < order.Length; next++)
            {
                if (total + suffix[next] < low)
                {
                    return; // even everything that is left cannot reach the payment
                }

                var amount = amounts[order[next]];
                if (total + amount > high)
                {
                    continue;
                }

                chosen.Add(order[next]);
                Visit(next + 1, total + amount);
                chosen.RemoveAt(chosen.Count - 1);
                if (solutions.Count >= 2 || exhausted)
                {
                    return;
                }
            }
        }

        Visit(0, 0);
        complete = !exhausted;
        return solutions;
    }
}
