using Hsi.Inference.Risk;

namespace Hsi.Inference.Tests.Risk;

public class LlmReplyTests
{
    private const string Answer =
        """{"risk_score": 72, "summary": "Person at the door at night", "reasoning": "Unknown person at 02:10", "risk_factors": ["night", {"factor": "person", "points": 40, "description": "a person"}], "recommended_action": "Check the camera"}""";

    [Fact]
    public void A_plain_JSON_reply_is_read_whole()
    {
        var analysis = LlmReply.Parse(Answer);

        Assert.Equal(72, analysis.RiskScore);
        Assert.Equal("Person at the door at night", analysis.Summary);
        Assert.Equal("Unknown person at 02:10", analysis.Reasoning);
        Assert.Equal("Check the camera", analysis.RecommendedAction);
        Assert.Equal(2, analysis.RiskFactors.Count);
        Assert.Equal(("night", 0), (analysis.RiskFactors[0].Factor, analysis.RiskFactors[0].Points));
        Assert.Equal(("person", 40, "a person"), (analysis.RiskFactors[1].Factor, analysis.RiskFactors[1].Points, analysis.RiskFactors[1].Description));
        Assert.Equal(Answer, analysis.RawOutput);
    }

    [Fact]
    public void Reasoning_in_think_tags_is_skipped_even_when_it_holds_JSON()
    {
        var reply = "<think>Maybe {\"risk_score\": 5}? No: a person at night is worse.</think>\n" + Answer;

        var analysis = LlmReply.Parse(reply);

        Assert.Equal(72, analysis.RiskScore);
        Assert.Equal(reply, analysis.RawOutput);
    }

    [Fact]
    public void A_fenced_answer_after_prose_is_found()
    {
        var analysis = LlmReply.Parse("Here is my assessment {of sorts}:\n```json\n" + Answer.Replace("72", "\"64\"") + "\n```\nStay safe.");

        Assert.Equal(64, analysis.RiskScore);
        Assert.Equal("Check the camera", analysis.RecommendedAction);
    }

    [Theory]
    [InlineData("I cannot help with that.")]
    [InlineData("{\"summary\": \"no score here\"}")]
    [InlineData("{\"risk_score\": 80, \"summary\": \"cut off")]
    [InlineData("<think>{\"risk_score\": 80}</think>")]
    [InlineData("{\"risk_score\": \"high\"}")]
    public void A_reply_without_a_readable_risk_score_is_refused_with_the_reason(string reply)
    {
        var error = Assert.Throws<FormatException>(() => LlmReply.Parse(reply));

        Assert.Contains("risk_score", error.Message);
    }
}
