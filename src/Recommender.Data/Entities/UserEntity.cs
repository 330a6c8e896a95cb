namespace Recommender.Data.Entities;

/// <summary>A user, keyed by an internal integer with a unique external id.</summary>
public sealed class UserEntity
{
    public int Id { get; set; }

    public required string ExternalId { get; set; }
}
