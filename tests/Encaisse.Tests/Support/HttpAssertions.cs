namespace Encaisse.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Like EnsureSuccessStatusCode, but the failure shows the problem details the server returned.</summary>
    public static async Task<HttpResponseMessage> ShouldSucceed(this Task<HttpResponseMessage> pending)
    {
        var response = await pending;
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
