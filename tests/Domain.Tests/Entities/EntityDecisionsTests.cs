using Hsi.Domain.Common;
using Hsi.Domain.Entities;

namespace Hsi.Domain.Tests.Entities;

public class EntityDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("0193a5c4-0000-7000-8000-00000000000a"), B = Guid.Parse("0193a5c4-0000-7000-8000-00000000000b");

    private static EntityAppearance Seen(long detection, string camera = "porch", int minute = 0, double similarity = 0.8) =>
        new(detection, Guid.Empty, camera, Now.AddMinutes(minute), similarity);

    private static Entity? Fold(params Decision[] decisions) => StreamFold.Fold<Entity>(decisions.SelectMany(d => d.Events));

    private static Entity Person(Guid id, params long[] detections)
    {
        var first = EntityDecisions.Record(new RecordAppearance(id, EntityType.Person, Seen(detections[0]), null, [1f]), null, Now);
        var state = Fold(first)!;
        foreach (var d in detections.Skip(1))
            state = StreamFold.Fold(EntityDecisions.Record(new RecordAppearance(id, EntityType.Person, Seen(d, minute: (int)d), null, [1f]), state, Now).Events, state)!;
        return state;
    }

    [Fact]
    public void A_first_appearance_starts_the_entity_unclassified_and_later_ones_join_it_once()
    {
        var entity = Person(A, 1, 2);
        Assert.Equal(TrustStatus.Unclassified, entity.Trust);
        Assert.Equal([1L, 2L], entity.Appearances.Keys.Order());
        var started = Assert.IsType<EntityFirstSeen>(Assert.Single(EntityDecisions.Record(
            new RecordAppearance(A, EntityType.Person, Seen(1, similarity: 0.3), null, null), null, Now).Events));
        Assert.Equal(1, started.Appearance.Similarity);

        Assert.Empty(EntityDecisions.Record(new RecordAppearance(A, EntityType.Person, Seen(2), null, null), entity, Now).Events);
        Assert.Equal(ErrorKind.Conflict, EntityDecisions.Record(new RecordAppearance(A, EntityType.Vehicle, Seen(3), "AB12", null), entity, Now).Error!.Kind);
    }

    [Fact]
    public void Trust_takes_one_of_three_values_with_notes_of_at_most_500_characters()
    {
        var entity = Person(A, 1);
        var trusted = EntityDecisions.ChangeTrust(new ChangeTrust(A, TrustStatus.Trusted, "the neighbour"), entity, Now);
        var changed = Assert.IsType<EntityTrustChanged>(Assert.Single(trusted.Events));
        Assert.Equal((TrustStatus.Trusted, "the neighbour"), (changed.TrustStatus, changed.Notes));
        var after = StreamFold.Fold(trusted.Events, entity)!;
        Assert.Empty(EntityDecisions.ChangeTrust(new ChangeTrust(A, TrustStatus.Trusted, "the neighbour"), after, Now).Events);

        var tooLong = EntityDecisions.ChangeTrust(new ChangeTrust(A, TrustStatus.Trusted, new string('n', 501)), entity, Now);
        Assert.Equal((ErrorKind.Invalid, "notes"), (tooLong.Error!.Kind, tooLong.Error.Field));
        Assert.Equal(ErrorKind.NotFound, EntityDecisions.ChangeTrust(new ChangeTrust(B, TrustStatus.Trusted, null), null, Now).Error!.Kind);
    }

    [Fact]
    public void A_rejected_appearance_leaves_and_that_detection_never_joins_the_entity_again()
    {
        var entity = Person(A, 1, 2);
        var rejected = EntityDecisions.Reject(new RejectAppearance(A, 2), entity, Now);
        Assert.Equal(new AppearanceRejected(A, 2, Now), Assert.Single(rejected.Events));
        var after = StreamFold.Fold(rejected.Events, entity)!;
        Assert.Equal([1L], after.Appearances.Keys);

        Assert.Equal(ErrorKind.Conflict, EntityDecisions.Record(new RecordAppearance(A, EntityType.Person, Seen(2), null, null), after, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, EntityDecisions.Reject(new RejectAppearance(A, 2), after, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, EntityDecisions.Reject(new RejectAppearance(A, 99), after, Now).Error!.Kind);
    }

    [Fact]
    public void A_merge_moves_the_absorbed_entitys_appearances_and_rejections_and_closes_it()
    {
        var surviving = Person(A, 1);
        var absorbed = StreamFold.Fold(EntityDecisions.Reject(new RejectAppearance(B, 3), Person(B, 2, 3), Now).Events, Person(B, 2, 3))!;

        var (kept, gone) = EntityDecisions.Merge(new MergeEntities(A, B), surviving, absorbed, Now);
        var merged = Assert.IsType<EntitiesMerged>(Assert.Single(kept.Events));
        Assert.Equal([2L], merged.Appearances.Select(a => a.DetectionId));
        Assert.Equal([3L], merged.RejectedDetectionIds);
        Assert.Equal(new EntityMergedInto(B, A, Now), Assert.Single(gone.Events));

        var survivor = StreamFold.Fold(kept.Events, surviving)!;
        Assert.Equal([1L, 2L], survivor.Appearances.Keys.Order());
        Assert.Contains(3L, survivor.Rejected);
        var closed = StreamFold.Fold(gone.Events, absorbed)!;
        Assert.False(closed.IsLive);
        Assert.Equal(ErrorKind.Conflict, EntityDecisions.Record(new RecordAppearance(B, EntityType.Person, Seen(9), null, null), closed, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, EntityDecisions.Merge(new MergeEntities(A, B), survivor, closed, Now).Surviving.Error!.Kind);
    }

    [Fact]
    public void Only_two_live_entities_of_one_type_merge()
    {
        var person = Person(A, 1);
        var car = Fold(EntityDecisions.Record(new RecordAppearance(B, EntityType.Vehicle, Seen(2), "AB12", null), null, Now))!;
        Assert.Equal(ErrorKind.Inconsistent, EntityDecisions.Merge(new MergeEntities(A, B), person, car, Now).Surviving.Error!.Kind);
        var self = EntityDecisions.Merge(new MergeEntities(A, A), person, person, Now).Surviving.Error!;
        Assert.Equal((ErrorKind.Invalid, "entity_id"), (self.Kind, self.Field));
        Assert.Equal(ErrorKind.NotFound, EntityDecisions.Merge(new MergeEntities(A, B), person, null, Now).Surviving.Error!.Kind);
    }

    [Theory]
    [InlineData("d 011-13", "D01113")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    [InlineData("ÄB·12", "B12")]
    public void Plates_are_compared_as_upper_case_letters_and_digits(string? read, string? plate) =>
        Assert.Equal(plate, EntityDecisions.NormalisePlate(read));

    [Fact]
    public void One_plate_is_one_entity_id_everywhere()
    {
        Assert.Equal(EntityDecisions.PlateEntityId("D01113"), EntityDecisions.PlateEntityId("D01113"));
        Assert.NotEqual(EntityDecisions.PlateEntityId("D01113"), EntityDecisions.PlateEntityId("D01114"));
        Assert.Equal(5, EntityDecisions.PlateEntityId("D01113").Version);
    }
}
