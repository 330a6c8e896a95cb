namespace Recommender.Server.Security;

/// <summary>The three roles and the policies that admit them; each role can do everything the one before it can.</summary>
internal static class Roles
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Admin = "admin";

    /// <summary>Policy names: queries, writes of ratings and movies, and training and deletes.</summary>
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";
    public const string AdminPolicy = "admin";

    public static readonly string[] All = [Reader, Writer, Admin];

    /// <summary>The roles that satisfy each policy.</summary>
    public static string[] Admitted(string policy) => policy switch
    {
        ReadPolicy => [Reader, Writer, Admin],
        WritePolicy => [Writer, Admin],
        _ => [Admin],
    };
}
