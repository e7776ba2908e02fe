using System.Net;
using Hsi.Api.Notifications;

namespace Hsi.Api.Tests.Alerts;

public class WebhookTargetTests
{
    [Theory]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("gopher://example.com/1", "http or https")]
    [InlineData("ftp://example.com/", "http or https")]
    [InlineData("not a url", "absolute")]
    [InlineData("http://127.0.0.1/", "loopback")]
    [InlineData("http://127.1/", "loopback")]
    [InlineData("http://2130706433/", "loopback")]
    [InlineData("http://0x7f000001/", "loopback")]
    [InlineData("http://localhost:8000/hook", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("http://[fd00:ec2::254]/", "metadata")]
    [InlineData("http://[::1]/", "loopback")]
    [InlineData("http://[::ffff:10.0.0.1]/", "private")]
    [InlineData("http://10.1.2.3/", "private")]
    [InlineData("http://172.16.0.1/", "private")]
    [InlineData("http://192.168.1.10:8123/api/webhook/x", "private")]
    [InlineData("http://100.64.0.1/", "private")]
    [InlineData("http://0.0.0.0/", "private")]
    public void A_target_outside_http_or_inside_the_network_is_refused(string url, string words)
    {
        var problem = WebhookTarget.Validate(url, allowPrivate: false);
        Assert.NotNull(problem);
        Assert.Contains(words, problem);
    }

    [Fact]
    public void A_name_that_resolves_to_a_private_address_is_refused() =>
        // This machine's own name resolves to one of its own (loopback or private) addresses.
        Assert.NotNull(WebhookTarget.Validate($"https://{Dns.GetHostName()}/hook", allowPrivate: false));

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("http://93.184.215.14:8080/x")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    public void A_public_http_target_is_allowed(string url) => Assert.Null(WebhookTarget.Validate(url, allowPrivate: false));

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://192.168.1.10:8123/api/webhook/x")]
    public void WEBHOOK_ALLOW_PRIVATE_lets_the_local_network_in_but_never_another_scheme(string url)
    {
        Assert.Null(WebhookTarget.Validate(url, allowPrivate: true));
        Assert.NotNull(WebhookTarget.Validate("file:///etc/passwd", allowPrivate: true));
    }
}
