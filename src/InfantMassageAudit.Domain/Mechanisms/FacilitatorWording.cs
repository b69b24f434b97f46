namespace InfantMassageAudit.Domain.Mechanisms;

/// <summary>
/// Each mechanism as a question a facilitator can answer about their own programme, in plain words
/// (issue 6, self-assessment). The reviewer's guidance stays on the reviewer's form; this is the
/// same mechanism asked from the facilitator's side, so the answers compare like with like.
/// </summary>
public static class FacilitatorWording
{
    private static readonly Dictionary<int, string> Questions = new()
    {
        [1] = "Did someone each mother already knows (her health visitor, midwife or family worker) invite her in person, and remind her before each session?",
        [2] = "Did the person who invited each mother also run the group she came to?",
        [3] = "Did the same facilitator lead every session, from the first to the last?",
        [4] = "Was the venue easy to find, warm, not crowded, open to buggies, with someone friendly at the door?",
        [5] = "Did mothers and babies feel welcome and accepted as they were, whatever happened in the session?",
        [6] = "Did mothers learn and practise the massage strokes themselves, on their own babies?",
        [7] = "Were there usually between four and eight mothers with their babies in the group?",
        [8] = "Was there time and space for mothers to talk to each other, for example over a drink after the massage?",
        [9] = "Was the facilitator trained in infant massage and confident teaching every stroke?",
        [10] = "Was the facilitator warm, patient and non-judgemental with every mother?",
        [11] = "Did the facilitator show each stroke on a doll, talking to it and watching its cues as a mother would with her baby?",
        [12] = "Did you talk with mothers about their babies' states (sleepy, alert, crying) and when massage suits them?",
        [13] = "Did you help mothers read their babies' cues, such as when a baby wants to stop or carry on?",
        [14] = "Did the group sing together during the sessions?",
        [15] = "Did you encourage mothers to wonder what their baby might be feeling or thinking?",
    };

    public static string QuestionFor(MechanismId mechanism) => Questions[mechanism.Number];
}
