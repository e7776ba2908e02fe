namespace Hsi.Inference.Enrichment;

/// <summary>What an ImageNet vehicle class says about a vehicle: its type, whether it is commercial, and which detector classes it can refine.</summary>
public sealed record VehicleKind(string Type, bool IsCommercial, params string[] DetectorClasses);

/// <summary>
/// The ImageNet classes that name a road vehicle, refining the detector's car/truck/bus/motorcycle. Commercial: a vehicle
/// kind that is used for hire or trade (taxi, limousine, minibus, school bus, moving van, the working trucks, tractor,
/// forklift); private kinds, and emergency or police vehicles (public service, not trade), are not.
/// </summary>
public static class VehicleClasses
{
    private static readonly string[] FourWheels = ["car", "truck"];

    /// <summary>ImageNet index → kind. The detector confuses car and truck on pickups, vans and SUVs, so those refine both.</summary>
    public static IReadOnlyDictionary<int, VehicleKind> ByImageNetIndex { get; } = new Dictionary<int, VehicleKind>
    {
        [407] = new("ambulance", false, "car", "truck", "bus"),
        [436] = new("station_wagon", false, FourWheels),
        [468] = new("taxi", true, FourWheels),
        [511] = new("convertible", false, FourWheels),
        [555] = new("fire_truck", false, "truck", "bus"),
        [561] = new("forklift", true, "truck", "car"),
        [569] = new("garbage_truck", true, "truck", "bus"),
        [575] = new("golf_cart", false, "car", "motorcycle"),
        [609] = new("suv", false, FourWheels),
        [627] = new("limousine", true, FourWheels),
        [654] = new("minibus", true, "bus", "car", "truck"),
        [656] = new("minivan", false, FourWheels),
        [661] = new("vintage", false, FourWheels),
        [665] = new("moped", false, "motorcycle"),
        [670] = new("scooter", false, "motorcycle"),
        [675] = new("moving_van", true, "truck", "car", "bus"),
        [717] = new("pickup", false, FourWheels),
        [734] = new("police_van", false, "car", "truck", "bus"),
        [751] = new("sports_car", false, "car"),
        [757] = new("recreational_vehicle", false, "truck", "bus", "car"),
        [779] = new("school_bus", true, "bus", "truck"),
        [803] = new("snowplow", true, "truck"),
        [817] = new("sports_car", false, "car"),
        [864] = new("tow_truck", true, "truck", "car"),
        [866] = new("tractor", true, "truck", "car"),
        [867] = new("trailer_truck", true, "truck", "bus"),
        [874] = new("trolleybus", true, "bus"),
    };

    /// <summary>A vehicle class's probability below this leaves the type at the detector's class.</summary>
    public const float MinProbability = 0.15f;

    public static bool IsVehicle(string objectType) => objectType is "car" or "truck" or "bus" or "motorcycle";

    /// <summary>The detector's classes that carry commercial meaning alone: a bus is for hire or public transport.</summary>
    public static bool? CommercialByDetectorClass(string objectType) => objectType == "bus" ? true : null;
}
