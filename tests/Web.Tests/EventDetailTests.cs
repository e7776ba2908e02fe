using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hsi.Web.Tests;

public sealed class EventDetailTests(DashboardFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task The_detail_page_draws_a_labelled_box_per_detection_and_shows_the_risk()
    {
        var id = await AssessedEventAsync("front_door", "person.jpg");
        var detections = (await App.Client().GetJsonAsync($"/api/events/{id}/detections"))["items"]!.AsArray();
        Assert.NotEmpty(detections);

        var page = await OpenAsync($"/events/{id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Event {id}");
        await Assertions.Expect(page.GetByTestId("box")).ToHaveCountAsync(detections.Count, new() { Timeout = 30_000 });
        var label = detections[0]!["object_type"]!.GetValue<string>();
        await Assertions.Expect(page.GetByTestId("boxes").First).ToContainTextAsync(label);
        await Assertions.Expect(page.GetByTestId("risk")).ToContainTextAsync(new Regex("low|medium|high|critical"));
        await Assertions.Expect(page.GetByTestId("audit-decision").First).ToBeVisibleAsync();

        // The box sits where the detection is, scaled from the picture's pixels to the displayed size.
        var box = await page.GetByTestId("box").First.BoundingBoxAsync();
        var picture = await page.GetByTestId("shot").First.Locator("img").BoundingBoxAsync();
        var natural = await page.GetByTestId("shot").First.Locator("img").EvaluateAsync<int>("i => i.naturalWidth");
        var scale = picture!.Width / natural;
        var first = detections.Select(d => d!.AsObject()).First(d => d["object_type"]!.GetValue<string>() == label);
        Assert.InRange(box!.X - picture.X, first["bbox_x"]!.GetValue<int>() * scale - 3, first["bbox_x"]!.GetValue<int>() * scale + 3);

        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, "event.png"), FullPage = true });
    }

    [Fact]
    public async Task A_second_reviewer_sees_the_conflict_and_the_first_review_is_kept()
    {
        var id = await AssessedEventAsync("driveway", "person.jpg");
        var first = await OpenAsync($"/events/{id}");
        var second = await OpenAsync($"/events/{id}");
        foreach (var p in new[] { first, second }) await Assertions.Expect(p.GetByRole(AriaRole.Button, new() { Name = "Save review" })).ToBeEnabledAsync();

        await first.GetByLabel("Reviewed").CheckAsync();
        await first.GetByLabel("Notes").FillAsync("Postman, checked by the first reviewer");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(first.GetByText("Review saved.")).ToBeVisibleAsync();

        WatchOf(second).Expect(409);
        await second.GetByLabel("Flagged").CheckAsync();
        await second.GetByLabel("Notes").FillAsync("Intruder, says the second");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(second.GetByTestId("conflict")).ToContainTextAsync("Changed by someone else");
        await Assertions.Expect(second.GetByLabel("Notes")).ToHaveValueAsync("Postman, checked by the first reviewer");
        await Assertions.Expect(second.GetByLabel("Reviewed")).ToBeCheckedAsync();
        await Assertions.Expect(second.GetByLabel("Flagged")).Not.ToBeCheckedAsync();
        await second.AssertNoViolationsAsync("the event detail with a review conflict");

        var stored = await App.Client().GetJsonAsync($"/api/events/{id}");
        Assert.Equal("Postman, checked by the first reviewer", stored["notes"]!.GetValue<string>());
        Assert.True(stored["reviewed"]!.GetValue<bool>());
        Assert.False(stored["flagged"]!.GetValue<bool>());

        // The second reviewer can take their changes back and save them over the state they now see.
        await second.GetByRole(AriaRole.Button, new() { Name = "Re-apply my changes" }).ClickAsync();
        await Assertions.Expect(second.GetByLabel("Notes")).ToHaveValueAsync("Intruder, says the second");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(second.GetByText("Review saved.")).ToBeVisibleAsync();
        Assert.Equal("Intruder, says the second", (await App.Client().GetJsonAsync($"/api/events/{id}"))["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_time_travel_slider_shows_the_event_as_it_was_before_the_review()
    {
        var id = await AssessedEventAsync("garden", "person.jpg");
        var page = await OpenAsync($"/events/{id}");
        await page.GetByLabel("Notes").FillAsync("Seen and fine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Review saved.")).ToBeVisibleAsync();

        var history = (await App.Client().GetJsonAsync($"/api/events/{id}/history"))["items"]!.AsArray();
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(history.Count);
        var slider = page.GetByTestId("time-travel");
        await slider.FillAsync("0");
        // Events appended together share a timestamp: as of the first one, the event is all of them.
        var firstAt = history[0]!["timestamp"]!.GetValue<string>();
        var versionThen = history.Where(h => h!["timestamp"]!.GetValue<string>() == firstAt).Max(h => h!["version"]!.GetValue<long>());
        Assert.True(versionThen < history.Count, "the first point in time is before the review");
        await Assertions.Expect(page.GetByTestId("as-of-version")).ToHaveTextAsync(versionThen.ToString());
        await Assertions.Expect(page.GetByTestId("as-of-reviewed")).ToHaveTextAsync("no");
        await Assertions.Expect(page.GetByTestId("as-of-notes")).ToHaveTextAsync("—");
        await page.AssertNoViolationsAsync("the event detail showing an earlier state");

        await slider.FillAsync((history.Count - 1).ToString());
        await Assertions.Expect(page.GetByTestId("as-of-notes")).ToHaveTextAsync("Seen and fine");
    }

    [Fact]
    public async Task Feedback_is_recorded()
    {
        var id = await AssessedEventAsync("porch", "person.jpg");
        var page = await OpenAsync($"/events/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "False positive" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("feedback-given")).ToContainTextAsync("false positive");
    }

    [Fact]
    public async Task A_video_event_plays_its_clip_and_seeks_to_a_detection()
    {
        await App.CreateCameraAsync("yard");
        var clip = Path.Combine(Path.GetTempPath(), $"hsi-web-clip-{Guid.NewGuid():N}.mp4");
        MakeClip(Path.Combine(FixturePaths.Images, "person.jpg"), clip);
        App.Drop(clip, "yard", "clip.mp4");
        File.Delete(clip);
        var id = (await App.WaitForEventsAsync(1, seconds: 120))[0]!["id"]!.GetValue<long>();

        var page = await OpenAsync($"/events/{id}");
        var video = page.GetByTestId("clip");
        await Assertions.Expect(video).ToHaveAttributeAsync("src", new Regex($"/api/detections/\\d+/video"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("box").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=clip]').readyState >= 1", null, new() { Timeout = 30_000 });
        var seek = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Go to .* at [0-9.]+ s$") }).Last;
        var seconds = double.Parse(new Regex("at ([0-9.]+) s").Match(await seek.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await seek.ClickAsync();
        var at = await video.EvaluateAsync<double>("v => v.currentTime");
        Assert.InRange(at, seconds - 0.1, seconds + 0.1);
    }

    [Fact]
    public async Task The_detail_page_has_no_accessibility_violations_and_fits_a_phone()
    {
        var id = await AssessedEventAsync("side_gate", "person.jpg");
        var page = await OpenAsync($"/events/{id}", 390, 844);
        await Assertions.Expect(page.GetByTestId("box").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("audit-decision").First).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync("the event detail");
        await page.AssertNoSidewaysScrollAsync("the event detail at 390×844");
    }

    /// <summary>An event from a real picture, once its risk is decided and its version has settled (so a review is not raced by the pipeline).</summary>
    private async Task<long> AssessedEventAsync(string camera, string picture)
    {
        await App.CreateCameraAsync(camera);
        App.Drop(Path.Combine(FixturePaths.Images, picture), camera);
        var id = (await App.WaitForEventsAsync(1))[0]!["id"]!.GetValue<long>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long? lastVersion = null;
        while (true)
        {
            var e = (await App.Client().GetJsonAsync($"/api/events/{id}")).AsObject();
            var version = e["version"]!.GetValue<long>();
            if (e["risk_score"] is not null && version == lastVersion) return id;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"event {id} not assessed and settled after 60 s: {e.ToJsonString()}");
            lastVersion = e["risk_score"] is null ? null : version;
            await Task.Delay(1000);
        }
    }

    private static void MakeClip(string image, string output, int seconds = 3)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-y", "-loglevel", "error", "-loop", "1", "-i", image, "-t", seconds.ToString(), "-r", "5", "-pix_fmt", "yuv420p", output])
        { RedirectStandardError = true })!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
    }
}
