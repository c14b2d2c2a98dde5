"""The agents of the director graph (writer, storyboard, cinematographer, critic, editor)."""
