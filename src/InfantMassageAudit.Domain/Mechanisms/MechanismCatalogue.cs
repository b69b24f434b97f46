using System.Collections.ObjectModel;

namespace InfantMassageAudit.Domain.Mechanisms;

/// <summary>
/// The fifteen mechanisms, M1 to M15, with reviewer guidance. The guidance paraphrases
/// Underdown A, Barlow J (2011) Community Practitioner 84(4):21–6; it does not quote it.
/// </summary>
public static class MechanismCatalogue
{
    /// <summary>M4 component: the venue is easy to find, with clear directions.</summary>
    public static readonly MechanismComponent EasyToFind = new("easy-to-find", "Easy to find, with clear directions");

    /// <summary>M4 component: the room is warm enough.</summary>
    public static readonly MechanismComponent Warm = new("warm", "Warm enough");

    /// <summary>M4 component: the room is not crowded.</summary>
    public static readonly MechanismComponent NotCrowded = new("not-crowded", "Not crowded");

    /// <summary>M4 component: buggies are allowed in.</summary>
    public static readonly MechanismComponent BuggiesAllowed = new("buggies-allowed", "Buggies allowed in");

    /// <summary>M4 component: someone smiling greets families at the door.</summary>
    public static readonly MechanismComponent GreetedAtDoor = new("greeted-at-door", "Someone smiling at the door");

    private static readonly ReadOnlyCollection<MechanismComponent> SettingComponents =
        Array.AsReadOnly([EasyToFind, Warm, NotCrowded, BuggiesAllowed, GreetedAtDoor]);

    private static readonly ReadOnlyCollection<Mechanism> Mechanisms = Array.AsReadOnly(
    [
        new Mechanism(
            new MechanismId(1),
            "Personal invitations",
            MechanismGroup.ReachingFamilies,
            WhatItIs: "Vulnerable and disadvantaged mothers seldom came to a programme unless a practitioner they already trusted asked them in person.",
            LookFor: "Invitations given face to face by a practitioner the mother already knows, such as her health visitor, midwife or family worker. Reminders before every session, for example a text the week before, with reassurance that it does not matter if she arrives late.",
            SeenGoingWrong: "High-risk mothers agreed to come but never turned up, and some had no money for the bus. One programme on a very deprived estate ended up filled by professional mothers from outside the area.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(2),
            "'Inviter' facilitates group",
            MechanismGroup.ReachingFamilies,
            WhatItIs: "The practitioner who invited each mother is the same person who runs the group, so she already knows each woman's individual needs and can meet them.",
            LookFor: "The inviter leading the sessions herself and acting on what she knows of each mother, for instance meeting her at the door or keeping places together for her in the circle.",
            SeenGoingWrong: "The paper describes no particular failure for this mechanism; it simply counts as absent where the group is run by someone other than the person who did the inviting.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(3),
            "Consistent facilitator",
            MechanismGroup.Facilitation,
            WhatItIs: "One facilitator leads every session of the programme from start to finish, giving mothers and babies continuity.",
            LookFor: "The same named facilitator at each session. Only three of the eight programmes in the paper achieved this.",
            SeenGoingWrong: "One programme had four different facilitators. Without continuity, facilitators could not spot or support dyads in difficulty (one persistently dysregulated baby went unnoticed), and mothers were confused by the changing styles.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(4),
            "Setting meets physical needs",
            MechanismGroup.SettingAndGroup,
            WhatItIs: "The venue shows participants they are valued by keeping them comfortable, and staff think ahead about what might stop families coming.",
            LookFor: "Check the five components: easy to find with clear directions, warm enough, not crowded, buggies allowed in, and someone smiling at the door. Rate it present when the setting mostly meets them, even if one is missing.",
            SeenGoingWrong: "One venue was so hard to find that a mother walked round the outside while others waved at her from within, and she never came back. Another room was cold every week.",
            Components: SettingComponents),

        new Mechanism(
            new MechanismId(5),
            "Containing atmosphere affirms mothers and infants",
            MechanismGroup.SettingAndGroup,
            WhatItIs: "Facilitators hold, or \"contain\", mothers' anxieties (drawing on Bion's idea of container and contained), which in turn helps mothers contain their babies' distress.",
            LookFor: "Reassurance that it is fine for a baby to feed, sleep or cry during the session and that each mother knows her own baby best, with other mothers helping to make the struggle feel normal. Note who led each session, as inconsistent facilitators were a common reason for rating this Variable.",
            SeenGoingWrong: "The paper gives no specific example of failure here; it rated this mechanism Variable (V) where changes of facilitator broke continuity.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(6),
            "Learning massage strokes",
            MechanismGroup.Content,
            WhatItIs: "Parents are genuinely taught the massage strokes, skilfully, across the whole programme. One mother learnt strokes that eased her baby's colic and became more confident as a result.",
            LookFor: "Skilled teaching of the strokes that carries on throughout the programme.",
            SeenGoingWrong: "Only half of the programmes did this well; in one, the facilitator could not remember the strokes.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(7),
            "Optimum group size (four to eight dyads)",
            MechanismGroup.SettingAndGroup,
            WhatItIs: "A group small enough for the facilitator to watch and support each mother and baby's interaction, yet large enough for conversation.",
            LookFor: "Between four and eight dyads attending each session; the paper's model caps a programme at eight dyads.",
            SeenGoingWrong: "Groups of 17 or 18 dyads were too busy, while groups of two felt empty.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(8),
            "Provision for social engagement",
            MechanismGroup.SettingAndGroup,
            WhatItIs: "Time set aside for parents to talk with each other and with the facilitator. Isolated mothers used it to build up networks of support.",
            LookFor: "A dedicated social slot in each session, such as a cup of tea together at the end.",
            SeenGoingWrong: "The paper says little on this; one mother whose programme had no social time, and whose depression got worse, said she would have welcomed it.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(9),
            "Facilitator has necessary technical skills",
            MechanismGroup.Facilitation,
            WhatItIs: "The facilitator is qualified in infant massage and confident in doing it.",
            LookFor: "A facilitator who knows the strokes and which direction each one goes, and who can demonstrate them.",
            SeenGoingWrong: "A facilitator who was unsure which way to massage.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(10),
            "Facilitator has necessary personal qualities",
            MechanismGroup.Facilitation,
            WhatItIs: "The facilitator is warm, calm and gentle, and enthusiastic about infant massage.",
            LookFor: "These qualities in whoever leads each session. Inconsistent facilitators were a common reason for rating this Variable.",
            SeenGoingWrong: "The paper rated it Variable (V) where a warm facilitator ran some sessions and a colleague lacking enthusiasm ran the others.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(11),
            "Facilitator models sensitive interactions with doll",
            MechanismGroup.Content,
            WhatItIs: "The facilitator uses a doll to show reciprocity, containment and respect, talking to it all the way through. Mothers then talk more to their own babies.",
            LookFor: "A doll, ideally the facilitator's own, with a name and a personality, spoken to throughout the demonstration.",
            SeenGoingWrong: "Long silences while the facilitator used a borrowed doll that she felt \"daft\" using.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(12),
            "Teaching about infant states",
            MechanismGroup.Content,
            WhatItIs: "Parents are helped to observe which behavioural state their baby is in (alert, drowsy, crying and so on) and to massage only when the state is right.",
            LookFor: "The facilitator helping parents recognise their baby's state and hold off massaging until the baby is in a suitable one.",
            SeenGoingWrong: "The paper describes no particular failure; it links this teaching to communication-based training (IAIM, four days) rather than developmental training (two to three days), so check how the facilitator was trained.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(13),
            "Teaching about infant cues",
            MechanismGroup.Content,
            WhatItIs: "Parents are encouraged to read their baby's cues and signals and to follow them.",
            LookFor: "Parents asking the baby's permission before starting the massage, and going along with it when the baby pulls a limb away.",
            SeenGoingWrong: "Teaching in the developmental style, which treats the baby as a passive recipient of massage, leaves this out.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(14),
            "Use of singing within group",
            MechanismGroup.Content,
            WhatItIs: "Singing forms part of the session, making it fun and containing both the babies and the group as a whole.",
            LookFor: "Songs built into the session, and mothers taking them home, for example singing softly to settle a crying baby.",
            SeenGoingWrong: "The paper reports no particular failure for this mechanism; it found singing to be intrinsic to the communication-based programmes.",
            Components: Array.Empty<MechanismComponent>()),

        new Mechanism(
            new MechanismId(15),
            "Encouraging 'reflective function'",
            MechanismGroup.Content,
            WhatItIs: "Taken from theory (Slade's work and Fonagy's idea of mentalisation): the facilitator helps parents wonder what their baby might be thinking and feeling, and connect those mental states to the baby's behaviour.",
            LookFor: "The facilitator reframing a baby's behaviour in terms of its mind, for instance suggesting that a baby who looks away is curious rather than rejecting.",
            SeenGoingWrong: "This mechanism was derived from theory after the observations (the paper's Table 1 rates only M1 to M14), and the paper gives no observations of it, so there is nothing reported going wrong.",
            Components: Array.Empty<MechanismComponent>()),
    ]);

    /// <summary>All fifteen mechanisms, M1 to M15 in order.</summary>
    public static IReadOnlyList<Mechanism> All => Mechanisms;

    /// <summary>The mechanism with the given id.</summary>
    public static Mechanism Get(MechanismId id)
    {
        if (id.Number is < MechanismId.First or > MechanismId.Last)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id.Number, "Not a mechanism id (M1 to M15).");
        }

        return Mechanisms[id.Number - 1];
    }

    /// <summary>The named components of a mechanism (M4's five); empty for the others.</summary>
    public static IReadOnlyList<MechanismComponent> ComponentsOf(MechanismId id) => Get(id).Components;
}
