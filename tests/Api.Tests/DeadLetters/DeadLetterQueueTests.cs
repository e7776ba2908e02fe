using Alba;
using Hsi.Api.Features.DeadLetters;
using Hsi.Api.Tests.Detections;
using Hsi.Projections.Media;
using Marten;

namespace Hsi.Api.Tests.DeadLetters;

public class DeadLetterQueueTests(AppFixture app) : ApiTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The reset clears Wolverine's storage; clearing every queue through the API as well proves DELETE works on each.
        foreach (var queue in DeadLetterQueues.All)
            await Host.Scenario(s => { s.Delete.Url($"/api/dlq/{queue.Name}"); s.StatusCodeShouldBeOk(); });
    }

    private async Task<(int Detection, int Analysis, int Total)> StatsAsync()
    {
        var json = await (await Host.Scenario(s => { s.Get.Url("/api/dlq/stats"); s.StatusCodeShouldBeOk(); })).JsonAsync();
        return (json["detection_queue_count"]!.GetValue<int>(), json["analysis_queue_count"]!.GetValue<int>(), json["total_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("GET", "/api/dlq/jobs/dlq:other_queue")]
    [InlineData("POST", "/api/dlq/requeue/dlq:other_queue")]
    [InlineData("POST", "/api/dlq/requeue-all/nope")]
    [InlineData("DELETE", "/api/dlq/detection")]
    public async Task Other_queue_names_are_refused_with_422(string method, string url)
    {
        var result = await Host.Scenario(s =>
        {
            if (method == "GET") s.Get.Url(url);
            else if (method == "POST") s.Post.Url(url);
            else s.Delete.Url(url);
            s.StatusCodeShouldBe(422);
        });
        Assert.Contains("dlq:detection_queue", (await result.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task Empty_queues_report_zero_and_requeue_says_there_is_nothing()
    {
        Assert.Equal((0, 0, 0), await StatsAsync());
        var jobs = await (await Host.Scenario(s => s.Get.Url("/api/dlq/jobs/dlq:analysis_queue?start=0&limit=10"))).JsonAsync();
        Assert.Empty(jobs["items"]!.AsArray());
        Assert.Equal("dlq:analysis_queue", jobs.Str("queue_name"));
        Assert.Equal(0, jobs["pagination"]!["total"]!.GetValue<int>());
        var requeue = await (await Host.Scenario(s => s.Post.Url("/api/dlq/requeue/dlq:detection_queue"))).JsonAsync();
        Assert.False(requeue["success"]!.GetValue<bool>());
        Assert.Null(requeue["job"]);
        await Host.Scenario(s => { s.Get.Url("/api/dlq/jobs/dlq:analysis_queue?limit=0"); s.StatusCodeShouldBe(422); });
    }

    [Fact]
    public async Task A_job_failing_on_a_corrupt_model_lands_in_the_queue_and_a_requeue_after_the_fix_processes_it_and_empties_the_queue()
    {
        var good = await File.ReadAllBytesAsync(App.ModelPath);
        try
        {
            await File.WriteAllTextAsync(App.ModelPath, "this is not an ONNX model");
            App.Drop(Path.Combine(FixturePaths.Images, "person.jpg"));
            await Eventually.GetAsync(StatsAsync, s => s.Detection == 1, TimeSpan.FromSeconds(90), "the job in dlq:detection_queue");
        }
        finally
        {
            await File.WriteAllBytesAsync(App.ModelPath, good);
        }
        Assert.Equal((1, 0, 1), await StatsAsync());

        Guid mediaId;
        await using (var session = App.Store.QuerySession())
            mediaId = (await session.Query<MediaView>().SingleAsync()).Id;
        var jobs = await (await Host.Scenario(s => s.Get.Url("/api/dlq/jobs/dlq:detection_queue"))).JsonAsync();
        var job = Assert.Single(jobs["items"]!.AsArray())!;
        Assert.Contains("does not load", job.Str("error"));
        Assert.Equal("detection_queue", job.Str("queue_name"));
        Assert.True(job["attempt_count"]!.GetValue<int>() >= 1);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", job.Str("first_failed_at"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", job.Str("last_failed_at"));
        Assert.True(job["original_job"]?["media_id"] is not null, job.ToJsonString());
        Assert.Equal(mediaId.ToString(), job["original_job"]!.Str("media_id"));
        Assert.EndsWith("DetectorUnavailableException", job.Str("error_type"));
        Assert.Empty(await Host.DetectionsAsync());

        var requeued = await (await Host.Scenario(s => { s.Post.Url("/api/dlq/requeue/dlq:detection_queue"); s.StatusCodeShouldBeOk(); })).JsonAsync();
        Assert.True(requeued["success"]!.GetValue<bool>());
        Assert.Equal(mediaId.ToString(), requeued["job"]!["original_job"]!.Str("media_id"));

        // The normal path: the file is analysed, and its job leaves the queue.
        await Host.WaitForDetectionsAsync(3);
        await Eventually.GetAsync(StatsAsync, s => s.Total == 0, TimeSpan.FromSeconds(60), "an empty dead-letter queue");
    }
}
